package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Follows {@code GET /v1/stream/blocks} (Server-Sent Events) and prints one line per final block,
 * until Ctrl-C, {@code --count N} blocks, or the node closing the stream.
 */
@Command(name = "watch", description = "Print one line per new final block, until Ctrl-C or --count blocks.")
final class WatchCommand extends ClientCommands.Base {
    @Option(names = "--count", description = "Stop after this many blocks.")
    Long count;
    @Option(names = "--from", description = "Start with the final blocks from this height (at most the last 512).")
    Long from;

    @Override
    public Integer call() throws Exception {
        if (count != null && count <= 0) {
            throw Args.bad("--count", "must be more than 0");
        }
        if (from != null && from < 0) {
            throw Args.bad("--from", "must not be negative");
        }
        String path = "/v1/stream/blocks" + (from == null ? "" : "?from=" + from);
        HttpResponse<Stream<String>> r;
        try {
            r = c.http().send(c.request(path).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the node at " + c.node + " (is it running? use --node URL)");
        }
        if (r.statusCode() != 200) {
            String body = String.join("\n", r.body().toList());
            JsonNode err = NodeClient.JSON.readTree(body.isBlank() ? "{}" : body);
            throw new IOException(err.path("error").asText("HTTP " + r.statusCode()) + " ("
                    + err.path("field").asText("") + ": " + err.path("reason").asText("") + ")");
        }
        PrintWriter out = out();
        if (!c.json) {
            out.printf("%-8s %-24s %-8s %-6s %-16s %s%n", "HEIGHT", "TIME", "KIND", "COMMS", "HASH", "GENERATOR");
            out.flush();
        }
        long seen = 0;
        try (Stream<String> lines = r.body()) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                } else if (line.isEmpty()) {
                    if ("block".equals(event) && !data.isEmpty()) {
                        print(out, NodeClient.JSON.readTree(data.toString()));
                        if (count != null && ++seen >= count) {
                            return 0;
                        }
                    }
                    event = null;
                    data.setLength(0);
                }
            }
        }
        throw new IOException("the node closed the block stream");
    }

    private void print(PrintWriter out, JsonNode b) throws IOException {
        if (c.json) {
            out.println(NodeClient.JSON.writeValueAsString(b));
        } else {
            out.printf("%-8d %-24s %-8s %-6d %-16s %s%n", b.path("height").asLong(), b.path("time").asText(),
                    b.path("kind").asText(), b.path("commitmentCount").asInt(),
                    b.path("hash").asText().substring(0, Math.min(16, b.path("hash").asText().length())),
                    b.path("generator").asText());
        }
        out.flush();
    }
}
