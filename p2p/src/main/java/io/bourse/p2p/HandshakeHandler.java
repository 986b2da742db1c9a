package io.bourse.p2p;

import io.bourse.core.codec.Writer;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Authenticates the peer before any other frame passes.
 *
 * <pre>
 *   dialer                                   listener
 *     | HELLO(version, chain, keyD, nonceD) -->  |     both sides send HELLO on connect
 *     | <-- HELLO(version, chain, keyL, nonceL)  |
 *     | AUTH(sig_D) ----------------------------> |     each sends AUTH once it has the other's HELLO
 *     | <---------------------------- AUTH(sig_L) |
 *
 *   sig_X = Ed25519(keyX, Domain.HANDSHAKE, chain,
 *                   version:u16 | nonceX | nonceOther | keyX | keyOther)
 * </pre>
 *
 * The signer's own nonce and key come first, so the order is fixed for each direction and a
 * signature is bound to both nonces of this connection: a recorded HELLO and AUTH replayed on a
 * new connection fail, because the listener's fresh nonce is not in them. On a HELLO we refuse a
 * wrong chain, our own key, a banned key and a key the authorizer does not allow; only after a
 * valid AUTH does the peer's key count as verified, and then this handler fires
 * {@link PeerAuthenticated} and passes frames up. A HELLO of another protocol version never gets
 * here: the codec refuses it. Everything except HELLO, AUTH and GOODBYE before authentication,
 * and a second HELLO or AUTH after it, is a protocol violation. After a drop has been decided every
 * further frame is swallowed here, so nothing from a dropped peer reaches the node.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeerContext peers;
    private final boolean outbound;
    private final byte[] ourNonce = new byte[Frame.NONCE_LENGTH];
    private Frame.Hello theirs;
    private boolean authenticated;
    private ScheduledFuture<?> timeout;

    HandshakeHandler(PeerContext peers, boolean outbound) {
        this.peers = peers;
        this.outbound = outbound;
        RANDOM.nextBytes(ourNonce);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long nanos = peers.options().handshakeTimeout().toNanos();
        timeout = ctx.executor().schedule(() -> {
            if (!authenticated) {
                PeerChannels.drop(ctx.channel(), DisconnectReason.HANDSHAKE_TIMEOUT, "no valid AUTH in time");
            }
        }, nanos, TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(new Frame.Hello(Frame.PROTOCOL_VERSION, peers.chainId(), peers.identity().publicKey(), ourNonce.clone()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (PeerChannels.dropping(ctx.channel())) {
            return;
        }
        Frame frame = (Frame) msg;
        if (frame instanceof Frame.Goodbye) {
            ctx.fireChannelRead(frame);
        } else if (authenticated) {
            if (frame instanceof Frame.Hello || frame instanceof Frame.Auth) {
                throw violation("a second " + frame.getClass().getSimpleName().toUpperCase() + " after authentication");
            }
            ctx.fireChannelRead(frame);
        } else {
            switch (frame) {
                case Frame.Hello h -> onHello(ctx, h);
                case Frame.Auth a -> onAuth(ctx, a);
                default -> throw violation(frame.getClass().getSimpleName().toUpperCase() + " before authentication");
            }
        }
    }

    private void onHello(ChannelHandlerContext ctx, Frame.Hello hello) {
        if (theirs != null) {
            throw violation("a second HELLO");
        }
        PublicKey key = hello.key();
        if (!hello.chainId().equals(peers.chainId())) {
            throw new PeerProtocolException(DisconnectReason.WRONG_CHAIN,
                    "peer is on chain '" + hello.chainId() + "', we are on '" + peers.chainId() + "'");
        }
        if (key.equals(peers.identity().publicKey())) {
            throw new PeerProtocolException(DisconnectReason.SELF_CONNECTION, "the peer's key is our own");
        }
        if (peers.table().banned(key)) {
            throw new PeerProtocolException(DisconnectReason.BANNED, "key " + key + " is banned for misbehaviour");
        }
        if (!peers.authorizer().test(key)) {
            throw new PeerProtocolException(DisconnectReason.NOT_AUTHORIZED, "key " + key + " is not authorized");
        }
        theirs = hello;
        PublicKey ours = peers.identity().publicKey();
        Signature sig = peers.identity().sign(Domain.HANDSHAKE, peers.chainId(), transcript(ourNonce, hello.nonce(), ours, key));
        ctx.writeAndFlush(new Frame.Auth(sig));
    }

    private void onAuth(ChannelHandlerContext ctx, Frame.Auth auth) {
        if (theirs == null) {
            throw violation("AUTH before HELLO");
        }
        PublicKey key = theirs.key();
        byte[] signed = transcript(theirs.nonce(), ourNonce, key, peers.identity().publicKey());
        if (!Ed25519.verify(key, Domain.HANDSHAKE, peers.chainId(), signed, auth.signature())) {
            throw new PeerProtocolException(DisconnectReason.BAD_SIGNATURE,
                    "AUTH does not verify for claimed key " + key + " (replayed or forged handshake)");
        }
        authenticated = true;
        timeout.cancel(false);
        ctx.channel().attr(PeerChannels.PEER_KEY).set(key);
        byte[] dialerNonce = outbound ? ourNonce.clone() : theirs.nonce().clone();
        ctx.fireUserEventTriggered(new PeerAuthenticated(key, outbound, dialerNonce));
    }

    static byte[] transcript(byte[] signerNonce, byte[] otherNonce, PublicKey signer, PublicKey other) {
        return new Writer(2 + 2 * Frame.NONCE_LENGTH + 2 * PublicKey.LENGTH)
                .u16(Frame.PROTOCOL_VERSION).fixed(signerNonce).fixed(otherNonce)
                .fixed(signer.unsafeBytes()).fixed(other.unsafeBytes()).toByteArray();
    }

    private static PeerProtocolException violation(String detail) {
        return new PeerProtocolException(DisconnectReason.PROTOCOL_VIOLATION, detail);
    }
}
