package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --node URL} and {@code --json}, shared by every client command (a picocli mixin), and the
 * HTTP calls they make. A node's error answer {@code {"error","field","reason"}} becomes one line:
 * {@code error (field: reason)}.
 */
final class NodeClient {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--node", defaultValue = "${BOURSE_NODE:-http://127.0.0.1:8080}",
            description = "The node's API URL (default: $BOURSE_NODE or ${DEFAULT-VALUE}).")
    String node;
    @Option(names = "--json", description = "Print the node's JSON answer instead of a table.")
    boolean json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A node's answer to a request that failed (HTTP 4xx/5xx); the message is the one line to show. */
    static final class NodeError extends IOException {
        final int status;
        final JsonNode body;

        NodeError(int status, JsonNode body, String message) {
            super(message);
            this.status = status;
            this.body = body;
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).timeout(Duration.ofSeconds(10)).GET().build());
    }

    String getText(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = exchange(request(path).timeout(Duration.ofSeconds(10)).GET().build());
        if (r.statusCode() >= 400) {
            throw failure(r);
        }
        return r.body();
    }

    /** Posts a commitment's canonical bytes ({@code application/octet-stream}). */
    JsonNode postBytes(String path, byte[] body) throws IOException, InterruptedException {
        return send(request(path).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpRequest.Builder request(String path) {
        try {
            URI base = URI.create(node.replaceAll("/+$", ""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return HttpRequest.newBuilder(URI.create(base + path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--node: not a URL like http://127.0.0.1:8080: " + node);
        }
    }

    HttpClient http() {
        return http;
    }

    private HttpResponse<String> exchange(HttpRequest req) throws IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new IOException("cannot reach the node at " + node + " (is it running? use --node URL)");
        }
    }

    private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = exchange(req);
        if (r.statusCode() >= 400) {
            throw failure(r);
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("the node answered HTTP " + r.statusCode() + " with a body that is not JSON");
        }
    }

    private static NodeError failure(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (body == null) {
            body = JSON.createObjectNode();
        }
        String field = body.path("field").asText("");
        String reason = body.path("reason").asText("");
        String detail = field.isEmpty() && reason.isEmpty() ? ""
                : " (" + (field.isEmpty() ? "" : field + ": ") + reason + ")";
        return new NodeError(r.statusCode(), body, body.path("error").asText("HTTP " + r.statusCode()) + detail);
    }

    /** The JSON as is with {@code --json}, else key/value rows ({@link Tables#keyValues}). */
    void print(PrintWriter out, JsonNode n) throws IOException {
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            Tables.keyValues(out, n);
        }
    }

    /** The JSON with {@code --json}, else a table of the given columns of each element of {@code rows}. */
    void printRows(PrintWriter out, JsonNode whole, JsonNode rows, List<String> columns) throws IOException {
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(whole));
        } else {
            Tables.rows(out, rows, columns);
        }
    }
}
