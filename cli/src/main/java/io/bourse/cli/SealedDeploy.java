package io.bourse.cli;

import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.types.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** K2 on the client: the review report reference from the options, and the source's split into public and sealed parts. */
final class SealedDeploy {
    private SealedDeploy() {
    }

    /** The reference from --report-vendor, --report-url and --report-file or --report-sha256. */
    static ReviewReport report(String vendor, String url, Path file, String sha256) throws IOException {
        if (vendor == null || url == null) {
            throw Args.bad("--encrypt", "sealed code needs its review report: --report-vendor and --report-url");
        }
        if ((file == null) == (sha256 == null)) {
            throw Args.bad("--encrypt", "give the report's SHA-256 through exactly one of --report-file and --report-sha256");
        }
        Hash h = file != null ? fileHash(file) : Args.hash(sha256.toLowerCase(java.util.Locale.ROOT), "--report-sha256");
        try {
            return new ReviewReport(vendor, url, h);
        } catch (IllegalArgumentException e) {
            throw Args.bad(e.getMessage().startsWith("review report url") ? "--report-url" : "--report-vendor",
                    e.getMessage());
        }
    }

    static SealedSource.Split split(String source, List<String> sections) {
        try {
            return SealedSource.split(source, Set.copyOf(sections));
        } catch (IllegalArgumentException e) {
            throw Args.bad("--code", e.getMessage());
        }
    }

    /** SHA-256 of a file's bytes. */
    static Hash fileHash(Path file) throws IOException {
        return Hash.of(Files.readAllBytes(file));
    }
}
