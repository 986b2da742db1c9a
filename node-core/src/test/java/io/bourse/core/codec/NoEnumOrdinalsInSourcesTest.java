package io.bourse.core.codec;

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
 * A guard without ArchUnit: node-core's main sources never use an enum's position, so no encoding
 * can depend on the order of constants. Enums that reach bytes implement {@link WireCode} instead.
 */
class NoEnumOrdinalsInSourcesTest {
    private static final List<String> FORBIDDEN = List.of(".ordinal()", "values()[", "getEnumConstants()");

    @Test
    void mainSourcesNeverUseOrdinalsOrIndexIntoEnumValues() throws IOException {
        Path root = Files.isDirectory(Path.of("src/main/java")) ? Path.of("src/main/java")
                : Path.of("node-core/src/main/java");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("node-core's main sources under %s", root.toAbsolutePath()).hasSizeGreaterThan(50);
        List<String> hits = new ArrayList<>();
        for (Path p : sources) {
            List<String> lines = read(p);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                for (String f : FORBIDDEN) {
                    if (line.contains(f)) {
                        hits.add(root.relativize(p) + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(hits).as("use an explicit WireCode, never the position of an enum constant").isEmpty();
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
