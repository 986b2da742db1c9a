package io.bourse.p2p.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the handler answers: a status, a content type and a body, plus optional extra headers; or,
 * from {@link #stream}, a Server-Sent Events stream instead of a body.
 *
 * @param headers extra response headers (e.g. {@code Retry-After}); Content-Type and Content-Length are set by the server
 * @param stream  null for an ordinary response; for a stream, called once with the open {@link EventSink}
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                           Consumer<EventSink> stream) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body.clone();
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public HttpResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of(), null);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": message}} with the given status. */
    public static HttpResponse error(int status, String message) {
        return json(status, "{\"error\":" + Json.quote(message) + "}");
    }

    /**
     * A Server-Sent Events stream: the server sends {@code 200 text/event-stream} headers, then
     * calls {@code onOpen} once, on a handler thread, with the stream's {@link EventSink}. The
     * usual {@code onOpen} registers the sink with whatever publishes events and returns at once;
     * the sink stays usable from any thread until the client goes away. The server sends a comment
     * line as a heartbeat while the stream is quiet, so proxies keep it open and a vanished client
     * is noticed.
     */
    public static HttpResponse stream(Consumer<EventSink> onOpen) {
        return new HttpResponse(200, EVENT_STREAM, new byte[0], Map.of("cache-control", "no-cache"),
                Objects.requireNonNull(onOpen, "onOpen"));
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, contentType, body, h, stream);
    }

    public boolean isStream() {
        return stream != null;
    }
}
