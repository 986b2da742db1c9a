package io.bourse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module's main code uses an enum constant's position (node-core's own guard covers the
 * ledger in detail; this one covers every module, so a new encoding in consensus, p2p, storage or
 * the node cannot slip one in). Benchmarks, which only generate inputs, are exempt. A source scan,
 * not ArchUnit: the compiler's own enum switches call ordinal() in synthetic classes.
 */
class NoEnumOrdinalsTest {
    private static final List<String> FORBIDDEN = List.of(".ordinal()", "values()[");

    @Test
    void noModulesMainCodeUsesTheOrderOfEnumConstants() throws IOException {
        Path root = Files.isDirectory(Path.of("../node-core")) ? Path.of("..") : Path.of(".");
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                if (m.getFileName().toString().equals("bench")) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(m.resolve("src/main/java"))) {
                    walk.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertThat(sources).as("main sources of every module").hasSizeGreaterThan(200);
        List<String> hits = new ArrayList<>();
        for (Path p : sources) {
            List<String> lines = read(p);
            for (int i = 0; i < lines.size(); i++) {
                for (String f : FORBIDDEN) {
                    if (lines.get(i).contains(f)) {
                        hits.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(hits).as("use an explicit code (io.bourse.core.codec.WireCode), never an enum's position").isEmpty();
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
