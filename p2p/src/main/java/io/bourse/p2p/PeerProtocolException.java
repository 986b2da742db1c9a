package io.bourse.p2p;

/** A peer broke the protocol; the pipeline end drops the peer with {@link #reason()}. No stack trace: it is not a bug. */
final class PeerProtocolException extends RuntimeException {
    private final DisconnectReason reason;

    PeerProtocolException(DisconnectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DisconnectReason reason() {
        return reason;
    }
}
