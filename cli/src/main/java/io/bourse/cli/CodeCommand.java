package io.bourse.cli;

import io.bourse.core.commitment.Payloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** K2: a signer operator's approval of the encrypted code portions of a pending contract creation. */
@Command(name = "code", description = "Approve or reject the encrypted code of a pending contract creation (K2).",
        subcommands = CodeCommand.Approve.class)
final class CodeCommand extends Group {

    @Command(name = "approve", description = {
        "Approve (or with --reject, reject) the encrypted portions of a contract creation, after reading "
            + "its review report (K2). A special payload, submitted by a Block Signer. Note: this ledger "
            + "version refuses creations with encrypted portions, so approvals have no effect yet."})
    static final class Approve extends ClientCommands.Signed {
        @Option(names = "--creation", required = true, description = "The id of the contract-creation commitment.")
        String creation;
        @Option(names = "--reject", description = "Reject instead of approve.")
        boolean reject;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.EncryptedCodeApproval(Args.hash(creation, "--creation"), !reject));
        }
    }
}
