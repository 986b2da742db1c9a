package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs the bourse command line in this JVM and captures what it prints, as a user would see it. */
record CliRun(int code, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A node's log line (nodes may run in the same JVM and log to the same console). */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) ");

    JsonNode json() throws Exception {
        return JSON.readTree(out);
    }

    /** System.out and System.err are process-wide: one command at a time. */
    static synchronized CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, withoutLogs(out), withoutLogs(err));
    }

    private static String withoutLogs(ByteArrayOutputStream captured) {
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !LOG_LINE.matcher(l).lookingAt())
                .map(l -> l + "\n").collect(Collectors.joining());
    }
}
