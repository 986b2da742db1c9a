package io.bourse.vm;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraalJS's optimizing runtime for the contract workers (K6): on a stock JDK it needs JVMCI, the
 * Graal compiler on the upgrade module path and GraalVM's modules on the module path. The build
 * puts the compiler in {@code lib-compiler/} and the modules in {@code lib-graal/} next to the
 * application's {@code lib/}; when both are there the workers start with them, otherwise they run
 * GraalJS's interpreter and the log says so. Either way the results are the same bytes: the
 * optimizing runtime changes how fast a contract runs, never what it decides
 * ({@code CrossConfigurationDeterminismIT}).
 */
public final class OptimizedRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(OptimizedRuntime.class);

    private OptimizedRuntime() {
    }

    /** The workers' extra JVM options for the optimizing runtime, or none (interpreter) with a notice. */
    public static List<String> workerOptions() {
        Optional<Path> lib = libDirectory();
        Optional<Path> compiler = lib.flatMap(l -> first(l.resolveSibling("lib-compiler"), "compiler-*.jar"));
        Optional<Path> graal = lib.map(l -> l.resolveSibling("lib-graal")).filter(Files::isDirectory);
        if (compiler.isEmpty() || graal.isEmpty()) {
            LOG.info("Contract workers run GraalJS's interpreter: no Graal compiler next to the application ({}); "
                    + "results are the same, only slower", lib.map(l -> l.resolveSibling("lib-compiler").toString())
                    .orElse("not started from a packaged build"));
            return List.of();
        }
        LOG.info("Contract workers use GraalJS's optimizing runtime (JVMCI, {})", compiler.get().getFileName());
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + compiler.get(), "--module-path=" + graal.get(),
                "--add-modules=ALL-MODULE-PATH", "--enable-native-access=org.graalvm.truffle");
    }

    /** The folder the GraalVM jars were loaded from ({@code lib/} of a packaged build). */
    private static Optional<Path> libDirectory() {
        try {
            var source = OptimizedRuntime.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getFileName().toString().equals("lib")
                    ? Optional.of(jar.getParent()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> first(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            for (Path p : s) {
                return Optional.of(p);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
