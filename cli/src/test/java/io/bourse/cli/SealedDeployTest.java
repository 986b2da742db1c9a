package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K2 on the client, before any node is asked: what --encrypt needs, and its refusals naming the option. */
class SealedDeployTest { // covers: K2
    @TempDir
    Path dir;

    private CliRun deploy(String source, String... more) throws Exception {
        Path code = dir.resolve("fund.js");
        Files.writeString(code, source);
        String[] base = {"contract", "deploy", "--node", "http://127.0.0.1:9", "--key", dir.resolve("none.key").toString(),
            "--code", code.toString(), "--manager", KeyPair.generate().publicKey().hex(), "--shares", "10", "--price", "1"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void encryptWithoutAReviewReportIsRefusedNamingWhatIsMissing() throws Exception {
        CliRun r = deploy("// @sealed-begin\nfunction f() {}\n// @sealed-end", "--encrypt");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--report-vendor").contains("--report-url");
        Path report = dir.resolve("report.txt");
        Files.writeString(report, "ok");
        CliRun both = deploy("// @sealed-begin\nfunction f() {}\n// @sealed-end", "--report-vendor", "Owl",
                "--report-url", "https://owl.example/r", "--report-file", report.toString(), "--report-sha256",
                "00".repeat(32), "--encrypt");
        assertThat(both.err()).contains("exactly one of --report-file and --report-sha256");
        CliRun badUrl = deploy("// @sealed-begin\nfunction f() {}\n// @sealed-end", "--report-vendor", "Owl",
                "--report-url", "ftp://owl.example/r", "--report-file", report.toString(), "--encrypt");
        assertThat(badUrl.err()).contains("--report-url");
    }

    @Test
    void encryptWithNothingMarkedOrAnUnknownSectionIsRefusedNamingTheCode() throws Exception {
        Path report = dir.resolve("report.txt");
        Files.writeString(report, "ok");
        String[] rep = {"--report-vendor", "Owl", "--report-url", "https://owl.example/r", "--report-file",
            report.toString()};
        CliRun none = deploy("function onNewBlock(ctx) {}", rep[0], rep[1], rep[2], rep[3], rep[4], rep[5], "--encrypt");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("--code").contains("nothing to seal");
        CliRun unknown = deploy("// @sealed-begin a\nx\n// @sealed-end", rep[0], rep[1], rep[2], rep[3], rep[4], rep[5],
                "--encrypt", "b");
        assertThat(unknown.err()).contains("--code").contains("'// @sealed-begin b'");
    }
}
