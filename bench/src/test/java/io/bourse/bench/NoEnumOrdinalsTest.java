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
 * No module's main code uses an enum constant's position, so no encoding can depend on the order
 * of constants (docs/encoding.md, "Enumerations"): enums that reach bytes implement
 * {@code WireCode}. node-core, where the encodings live, may not even list constants by position
 * ({@code getEnumConstants()}). Benchmarks, which only generate inputs, are exempt. A source scan,
 * not ArchUnit: the compiler's own enum switches call ordinal() in synthetic classes.
 */
class NoEnumOrdinalsTest {
    private static final List<String> FORBIDDEN = List.of(".ordinal()", "values()[");
    private static final List<String> FORBIDDEN_IN_NODE_CORE = List.of("getEnumConstants()");

    @Test
    void noModulesMainCodeUsesTheOrderOfEnumConstants() throws IOException {
        Path root = Files.isDirectory(Path.of("../node-core")) ? Path.of("..") : Path.of(".");
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                if (m.getFileName().toString().equals("bench")) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(m.resolve("src/main/java"))) { // every module's sources
                    walk.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertThat(sources).as("main sources of every module").hasSizeGreaterThan(200);
        List<String> hits = new ArrayList<>();
        for (Path p : sources) {
            List<String> lines = read(p);
            boolean nodeCore = p.normalize().toString().contains("node-core");
            for (int i = 0; i < lines.size(); i++) {
                for (String f : nodeCore ? concat(FORBIDDEN, FORBIDDEN_IN_NODE_CORE) : FORBIDDEN) {
                    if (lines.get(i).contains(f)) {
                        hits.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(hits).as("use an explicit code (io.bourse.core.codec.WireCode), never an enum's position").isEmpty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
