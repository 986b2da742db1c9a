package io.bourse.p2p;

/**
 * Why a peer connection ended or was refused. Each reason has a wire code (sent in a GOODBYE
 * frame, see {@code docs/protocol.md}) and a misbehaviour weight: reasons that only a faulty or
 * hostile peer causes add to that peer's score; reasons that can happen to an honest peer add
 * nothing.
 */
public enum DisconnectReason {
    /** Bytes that are not a well-formed frame, or a frame whose body does not decode. */
    MALFORMED_FRAME(1, 10),
    /** A length prefix above the configured maximum frame size. */
    FRAME_TOO_LARGE(2, 10),
    /** A HELLO with a protocol version this node does not speak. */
    WRONG_VERSION(3, 0),
    /** A HELLO for another chain. */
    WRONG_CHAIN(4, 0),
    /** The authorizer does not allow the key (any more). */
    NOT_AUTHORIZED(5, 0),
    /** The AUTH signature does not verify over this connection's transcript (a replay, or a lie). */
    BAD_SIGNATURE(6, 20),
    /** The remote key is our own: we dialled ourselves. */
    SELF_CONNECTION(7, 0),
    /** A frame that is not allowed in the current state (a message before authentication, a second HELLO…). */
    PROTOCOL_VIOLATION(8, 10),
    /** The handshake did not finish in time. */
    HANDSHAKE_TIMEOUT(9, 0),
    /** Nothing was read from the peer for the idle timeout, pings included. */
    IDLE_TIMEOUT(10, 0),
    /** The peer kept sending above its rate limit after being throttled. */
    RATE_LIMITED(11, 25),
    /** Another connection to the same peer won the duplicate rule. */
    DUPLICATE(12, 0),
    /** The peer misbehaved recently and is refused for a while. */
    BANNED(13, 0),
    /** This node already holds its maximum number of connections. */
    TOO_MANY_CONNECTIONS(14, 0),
    /** The remote side said goodbye or closed the socket. */
    REMOTE_CLOSED(15, 0),
    /** A socket error (reset, broken pipe). */
    IO_ERROR(16, 0),
    /** A bug on our side while handling the peer; logged with its stack trace. */
    INTERNAL_ERROR(17, 0),
    /** This node is shutting down. */
    SHUTDOWN(18, 0);

    private final int code;
    private final int misbehaviour;

    DisconnectReason(int code, int misbehaviour) {
        this.code = code;
        this.misbehaviour = misbehaviour;
    }

    public int code() {
        return code;
    }

    /** Points this reason adds to the peer's misbehaviour score (0 for reasons an honest peer can cause). */
    public int misbehaviour() {
        return misbehaviour;
    }

    /** The reason with this wire code, or {@code null} for a code this version does not know. */
    public static DisconnectReason ofCode(int code) {
        for (DisconnectReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
