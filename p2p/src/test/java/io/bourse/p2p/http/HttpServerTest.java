package io.bourse.p2p.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import io.bourse.p2p.P2pException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// covers: O2
class HttpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final CompletableFuture<EventSink> openedSink = new CompletableFuture<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    private HttpResponse route(HttpRequest r) {
        return switch (r.method() + " " + r.path()) {
            case "GET /hello" -> HttpResponse.json(200, "{\"name\":\"" + r.queryParam("name").orElse("?") + "\",\"agent\":\""
                    + r.header("X-Test").orElse("") + "\"}");
            case "POST /echo" -> new HttpResponse(201, "application/octet-stream", r.body());
            case "GET /boom" -> throw new IllegalStateException("secret detail that must not leak");
            case "GET /busy" -> HttpResponse.error(503, "busy, retry later").withHeader("retry-after", "1");
            case "GET /events" -> HttpResponse.stream(sink -> {
                sink.send("block", "1", "{\"height\":1}");
                sink.send("block", "two\nlines");
                openedSink.complete(sink);
            });
            default -> HttpResponse.error(404, "no route " + r.path());
        };
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private void start(HttpOptions options) {
        server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), this::route, options);
    }

    @Test
    void aTakenPortIsRefusedNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress bind = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> HttpServer.start(bind, this::route, HttpOptions.defaults()))
                    .isInstanceOf(P2pException.class)
                    .hasMessageContaining("cannot listen for HTTP on")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()))
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void routesRequestsWithQueryHeadersAndBody() throws Exception {
        start(HttpOptions.defaults());
        var hello = client.send(java.net.http.HttpRequest.newBuilder(uri("/hello?name=b%C3%B6rse")).header("X-Test", "yes").build(),
                BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.headers().firstValue("content-type")).hasValue(HttpResponse.JSON);
        assertThat(hello.body()).isEqualTo("{\"name\":\"börse\",\"agent\":\"yes\"}");

        var echo = client.send(java.net.http.HttpRequest.newBuilder(uri("/echo")).POST(BodyPublishers.ofString("payload")).build(),
                BodyHandlers.ofString());
        assertThat(echo.statusCode()).isEqualTo(201);
        assertThat(echo.body()).isEqualTo("payload");

        var missing = client.send(java.net.http.HttpRequest.newBuilder(uri("/nope")).build(), BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        var busy = client.send(java.net.http.HttpRequest.newBuilder(uri("/busy")).build(), BodyHandlers.ofString());
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("retry-after")).hasValue("1");
    }

    @Test
    void aHandlerExceptionIsA500WithAGenericJsonError() throws Exception {
        start(HttpOptions.defaults());
        var r = client.send(java.net.http.HttpRequest.newBuilder(uri("/boom")).build(), BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":\"internal error\"}");
        // the server keeps serving
        var again = client.send(java.net.http.HttpRequest.newBuilder(uri("/hello")).build(), BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsA413WithAJsonError() throws Exception {
        start(HttpOptions.defaults().withMaxBodyBytes(1024));
        byte[] huge = new byte[256 * 1024];
        var r = client.send(java.net.http.HttpRequest.newBuilder(uri("/echo")).POST(BodyPublishers.ofByteArray(huge)).build(),
                BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"error\":\"request body exceeds the limit of 1024 bytes\"}");
        var small = client.send(java.net.http.HttpRequest.newBuilder(uri("/echo")).POST(BodyPublishers.ofString("ok")).build(),
                BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(201);
    }

    @Test
    void garbageIsA400() throws Exception {
        start(HttpOptions.defaults());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("THIS IS NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 400");
            List<String> rest = in.lines().toList(); // the server closes after a malformed request
            assertThat(rest.getLast()).startsWith("{\"error\":\"malformed HTTP request");
        }
    }

    @Test
    void anEventStreamDeliversEventsUntilTheClientGoes() throws Exception {
        start(HttpOptions.defaults());
        var r = client.send(java.net.http.HttpRequest.newBuilder(uri("/events")).build(), BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(HttpResponse.EVENT_STREAM);
        List<String> lines = new ArrayList<>();
        try (Stream<String> body = r.body()) {
            Iterator<String> it = body.iterator();
            int blank = 0;
            while (blank < 2 && it.hasNext()) {
                String line = it.next();
                lines.add(line);
                blank += line.isEmpty() ? 1 : 0;
            }
        }
        assertThat(lines).containsExactly("event: block", "id: 1", "data: {\"height\":1}", "",
                "event: block", "data: two", "data: lines", "");
        EventSink sink = openedSink.get();
        // the client closed its stream: sends start failing once the server notices
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.send("block", "more") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sink.isOpen()).isFalse();
    }
}
