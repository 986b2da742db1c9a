package io.bourse.cli;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Network Parameters: show those in force, propose new ones (a special block, C6). */
@Command(name = "params", aliases = "parameters", description = "Show the Network Parameters in force, or propose new ones.",
        subcommands = ParamsCommand.Propose.class)
final class ParamsCommand extends ClientCommands.Base {
    public Integer call() throws Exception {
        c.print(out(), c.get("/v1/parameters"));
        return 0;
    }

    @Command(name = "propose", description = {
        "Propose a new Network Parameters document (C6) from a JSON file, e.g. the output of "
            + "'bourse params --json' edited. It is checked here, put in canonical form and submitted as a "
            + "special payload: the generator puts it alone in a special block and it is in force once a "
            + "quorum of signers has certified that block (their certification is the approval). The key "
            + "must be a Block Signer's."})
    static final class Propose extends ClientCommands.Signed {
        @Option(names = "--file", required = true, description = "The parameters JSON document.")
        Path file;

        public Integer call() throws Exception {
            NetworkParameters p;
            try {
                p = ParametersJson.parse(Args.text(file, "--file", Payloads.MAX_JSON * 4));
            } catch (InvalidInputException e) {
                throw Args.bad("--file", file + ": " + e.field() + ": " + e.reason());
            }
            String chain = c.get("/v1/status").path("chainId").asText();
            if (!p.chainId().value().equals(chain)) {
                throw Args.bad("--file", "chainId " + p.chainId().value() + " is not this node's chain " + chain);
            }
            return submitter.submit(c, out(), new Payloads.NetworkParametersUpdate(p.toJson()),
                    ClientCommands.with("parametersHash", p.hash().hex()));
        }
    }
}
