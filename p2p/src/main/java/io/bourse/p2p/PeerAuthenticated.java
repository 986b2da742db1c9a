package io.bourse.p2p;

import io.bourse.core.types.PublicKey;

/**
 * User event fired up the pipeline once the handshake has verified the peer's key. Handlers above
 * the handshake stay passive until they see it.
 *
 * @param key         the peer's verified key
 * @param outbound    whether this node dialled the connection
 * @param dialerNonce the HELLO nonce of the dialling side, which both ends know: it breaks ties
 *                    between duplicate connections (see {@link PeerTable})
 */
record PeerAuthenticated(PublicKey key, boolean outbound, byte[] dialerNonce) {
}
