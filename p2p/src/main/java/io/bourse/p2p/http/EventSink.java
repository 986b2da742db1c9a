package io.bourse.p2p.http;

/**
 * The server side of one Server-Sent Events stream (see {@link HttpResponse#stream}). Keep it and
 * call {@link #send} from any thread whenever there is something to tell the client.
 *
 * <p>Back-pressure: events are never queued without bound. If the client does not read fast enough
 * for the server's write buffer to drain, the stream is closed and {@code send} returns false from
 * then on; a client that wants to resume reconnects (with {@code Last-Event-ID}, if the node gives
 * events ids).
 */
public interface EventSink {
    /**
     * Sends one event: {@code event: <event>} (omitted when null), {@code id: <id>} (omitted when
     * null) and one {@code data:} line per line of {@code data}, then a blank line.
     *
     * @return false if the client has gone (or was too slow and was dropped); the event was not sent
     * @throws IllegalArgumentException if {@code event} or {@code id} contains a line break
     */
    boolean send(String event, String id, String data);

    /** {@link #send(String, String, String)} without an id. */
    default boolean send(String event, String data) {
        return send(event, null, data);
    }

    boolean isOpen();

    /** Ends the stream and closes the connection. */
    void close();

    /** Runs {@code action} once when the stream ends, whoever ends it (at once if it already has). */
    void onClose(Runnable action);
}
