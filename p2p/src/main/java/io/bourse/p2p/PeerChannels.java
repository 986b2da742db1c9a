package io.bourse.p2p;

import io.bourse.core.types.PublicKey;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What a peer connection carries besides its pipeline, and the one way to drop it. The first
 * reason given for a drop is the one that is logged and counted when the channel closes.
 */
final class PeerChannels {
    /** The peer's key, set only once the handshake has verified it. */
    static final AttributeKey<PublicKey> PEER_KEY = AttributeKey.valueOf("bourse.peerKey");
    static final AttributeKey<Drop> DROP = AttributeKey.valueOf("bourse.drop");
    /** The dialer that opened an outbound connection, to report the handshake's outcome to it. */
    static final AttributeKey<Dialer> DIALER = AttributeKey.valueOf("bourse.dialer");

    record Drop(DisconnectReason reason, String detail) {
    }

    private PeerChannels() {
    }

    /**
     * Closes the channel for {@code reason}, telling the peer why in a best-effort GOODBYE. Safe from
     * any thread and idempotent: later calls keep the first reason.
     */
    static void drop(Channel ch, DisconnectReason reason, String detail) {
        if (ch.attr(DROP).setIfAbsent(new Drop(reason, detail)) != null) {
            return;
        }
        if (ch.isActive() && ch.isWritable() && reason != DisconnectReason.REMOTE_CLOSED
                && reason != DisconnectReason.IO_ERROR) {
            ch.writeAndFlush(new Frame.Goodbye(reason.code()));
        }
        ch.close();
    }

    static boolean dropping(Channel ch) {
        return ch.hasAttr(DROP) && ch.attr(DROP).get() != null;
    }

    /** The peer's key if verified, else its remote address: for log lines. */
    static String describe(Channel ch) {
        PublicKey key = ch.attr(PEER_KEY).get();
        return key != null ? key.hex().substring(0, 16) + "@" + ch.remoteAddress() : String.valueOf(ch.remoteAddress());
    }
}
