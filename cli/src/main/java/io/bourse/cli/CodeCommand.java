package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.types.Hash;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** K2: contract creations with sealed code: the signers' votes, and what anyone can read and check of them. */
@Command(name = "code", description = "Approve, reject, list and check contract creations with sealed code (K2).",
        subcommands = {CodeCommand.Approve.class, CodeCommand.Pending.class, CodeCommand.Show.class})
final class CodeCommand extends Group {

    @Command(name = "approve", description = {
        "Approve (or with --reject, reject) the sealed code of a pending contract creation, after reading "
            + "its review report (K2). A special payload, submitted by a Block Signer. The creation becomes a "
            + "contract once blockMinimumSigners approved and none rejected; one rejection refuses it.",
        "With --report FILE the vote is submitted only if the file's SHA-256 is the one the creation names."})
    static final class Approve extends ClientCommands.Signed {
        @Option(names = "--creation", required = true, description = "The id of the contract-creation commitment.")
        String creation;
        @Option(names = "--reject", description = "Reject instead of approve.")
        boolean reject;
        @Option(names = "--report", description = "The review report you read: checked against the creation's reference.")
        Path report;

        public Integer call() throws Exception {
            Hash id = Args.hash(creation, "--creation");
            if (report != null) {
                checkReport(c.get("/v1/creations/" + id.hex()), report);
            }
            return submitter.submit(c, out(), new Payloads.EncryptedCodeApproval(id, !reject));
        }
    }

    @Command(name = "pending", description = "List contract creations with sealed code, newest first: pending ones "
            + "and decided ones (created, rejected, expired, refused), with their votes.")
    static final class Pending extends ClientCommands.Base {
        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/creations"));
            return 0;
        }
    }

    @Command(name = "show", description = {"Show one contract creation with sealed code: public code, review report "
            + "reference, hashes of the sealed part, votes.", "With --report FILE, also check the report's SHA-256 "
            + "against the reference the signers approved (an error if it differs)."})
    static final class Show extends ClientCommands.Base {
        @Parameters(paramLabel = "ID", description = "The id of the contract-creation commitment.")
        String id;
        @Option(names = "--report", description = "A copy of the review report to check.")
        Path report;

        public Integer call() throws Exception {
            Hash creation = Args.hash(id, "ID");
            JsonNode r = c.get("/v1/creations/" + creation.hex());
            c.print(out(), r);
            crossCheck(r, c.get("/v1/commitments/" + creation.hex()).at("/commitment/payload"));
            out().println("the creation in its block matches: sealed code " + r.at("/sealed/sha256").asText()
                    + " (content " + r.at("/sealed/contentHash").asText() + "), the public code and the report reference");
            if (report != null) {
                checkReport(r, report);
                out().println("the report's SHA-256 matches the reference: " + r.at("/reviewReport/sha256").asText());
            }
            return 0;
        }
    }

    /**
     * The creation as its block carries it against what the creations view says: the SHA-256 and
     * content hash of its sealed code (recomputed here), its public code and its report reference.
     */
    static void crossCheck(JsonNode view, JsonNode payload) {
        byte[] sealed = io.bourse.core.codec.Hex.decode(payload.path("encryptedCode").asText());
        SealedCode sc = SealedCode.fromBytes(sealed, Payloads.MAX_CODE);
        String[][] pairs = {
            {"sealed code SHA-256", Hash.of(sealed).hex(), view.at("/sealed/sha256").asText()},
            {"sealed content hash", sc.contentHash().hex(), view.at("/sealed/contentHash").asText()},
            {"public code", payload.path("code").asText(), view.path("publicCode").asText()},
            {"review report reference", payload.path("reviewReportRef").asText(), view.at("/reviewReport/reference").asText()}};
        for (String[] p : pairs) {
            if (!p[1].equals(p[2])) {
                throw new IllegalStateException("the " + p[0] + " of the creation in its block differs from the "
                        + "creations view: the node's answers disagree");
            }
        }
    }

    /** Refuses (naming both hashes) a report whose SHA-256 is not the creation's reference. */
    static void checkReport(JsonNode creation, Path report) throws java.io.IOException {
        String named = creation.at("/reviewReport/sha256").asText("");
        Hash actual = SealedDeploy.fileHash(report);
        if (!actual.hex().equals(named)) {
            throw Args.bad("--report", report + " has SHA-256 " + actual.hex() + " but the creation's review report "
                    + "reference names " + (named.isEmpty() ? "no valid hash" : named) + ": not the report the signers "
                    + "are asked to approve");
        }
    }
}
