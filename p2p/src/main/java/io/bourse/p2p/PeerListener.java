package io.bourse.p2p;

import io.bourse.core.types.PublicKey;

/**
 * What the node hears from the peer network. Calls come on Netty event-loop threads: an
 * implementation must return quickly and must not block (queue the event and handle it on the
 * node's own thread). Messages from one peer arrive in the order that peer sent them; there is no
 * order across peers. {@code onConnected} for a peer always precedes its messages, and
 * {@code onDisconnected} follows the last of them. An exception thrown here is logged and
 * counted; it never drops the peer.
 */
public interface PeerListener {
    void onMessage(PublicKey from, int channel, byte[] payload);

    void onConnected(PublicKey peer);

    void onDisconnected(PublicKey peer);
}
