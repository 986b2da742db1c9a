package io.bourse.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.ChainId;
import java.time.Duration;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The whole peer pipeline on an EmbeddedChannel: handshake, limits and hostile input, in virtual time. */
class PeerPipelineTest {
    private static final KeyPair LOCAL = TestKeys.key(0);
    private static final KeyPair REMOTE = TestKeys.key(1);
    private static final KeyPair STRANGER = TestKeys.key(99);
    private static final P2pOptions OPTIONS = P2pOptions.defaults().withMaxFrameBytes(4096)
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));

    private static EmbeddedPeer peer() {
        return peer(OPTIONS);
    }

    private static EmbeddedPeer peer(P2pOptions options) {
        return new EmbeddedPeer(LOCAL, Set.of(REMOTE.publicKey())::contains, options);
    }

    // covers: C10
    @Test
    void aValidHandshakeAuthenticatesThePeerAndThenDeliversMessages() {
        EmbeddedPeer p = peer();
        p.handshakeAs(REMOTE);
        assertThat(p.listener.connected).containsExactly(REMOTE.publicKey());
        assertThat(p.received()).singleElement().isInstanceOf(Frame.Auth.class);

        p.send(new Frame.Message(7, new byte[] {1, 2, 3}));
        assertThat(p.listener.messages).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo(REMOTE.publicKey());
            assertThat(m.channel()).isEqualTo(7);
            assertThat(m.payload()).containsExactly(1, 2, 3);
        });
        assertThat(p.channel.isOpen()).isTrue();
    }

    // covers: C10
    @Test
    void aKeyTheAuthorizerRefusesIsDroppedAtHelloWithoutAnAuth() {
        EmbeddedPeer p = peer();
        p.handshakeAs(STRANGER);
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.NOT_AUTHORIZED);
        assertThat(p.channel.isOpen()).isFalse();
        assertThat(p.listener.connected).isEmpty();
        assertThat(p.received()).noneMatch(f -> f instanceof Frame.Auth);
        assertThat(p.counters.snapshot().disconnects(DisconnectReason.NOT_AUTHORIZED)).isEqualTo(1);
    }

    // covers: C10
    @Test
    void anAuthSignedOverAnotherConnectionsNoncesIsABadSignature() {
        EmbeddedPeer p = peer();
        p.ourHello();
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        p.send(new Frame.Hello(Frame.PROTOCOL_VERSION, EmbeddedPeer.CHAIN, REMOTE.publicKey(), nonce));
        byte[] staleListenerNonce = new byte[Frame.NONCE_LENGTH]; // what a recorded handshake would carry
        p.send(new Frame.Auth(REMOTE.sign(Domain.HANDSHAKE, EmbeddedPeer.CHAIN,
                HandshakeHandler.transcript(nonce, staleListenerNonce, REMOTE.publicKey(), LOCAL.publicKey()))));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.BAD_SIGNATURE);
        assertThat(p.listener.connected).isEmpty();
    }

    @Test
    void aHelloForAnotherChainIsRefused() {
        EmbeddedPeer p = peer();
        p.send(new Frame.Hello(Frame.PROTOCOL_VERSION, ChainId.of("other"), REMOTE.publicKey(), new byte[32]));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.WRONG_CHAIN);
    }

    @Test
    void aHelloOfAnotherVersionIsRefused() {
        EmbeddedPeer p = peer();
        byte[] hello = FrameCodec.toBytes(new Frame.Hello(Frame.PROTOCOL_VERSION, EmbeddedPeer.CHAIN, REMOTE.publicKey(), new byte[32]));
        hello[1] = 0x7F;
        p.sendRaw(EmbeddedPeer.framed(hello));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.WRONG_VERSION);
        assertThat(p.channel.isOpen()).isFalse();
    }

    @Test
    void aMessageBeforeAuthenticationIsAProtocolViolationAndIsNotDelivered() {
        EmbeddedPeer p = peer();
        p.send(new Frame.Message(1, new byte[] {1}));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
        assertThat(p.listener.messages).isEmpty();
    }

    @Test
    void anOversizedLengthPrefixDropsThePeerBeforeAnyBodyIsBuffered() {
        EmbeddedPeer p = peer();
        p.sendRaw(new byte[] {0x7F, 0, 0, 0, 1, 2, 3});
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.FRAME_TOO_LARGE);
        assertThat(p.channel.isOpen()).isFalse();
    }

    @Test
    void aTruncatedFrameIsHeldUntilTheHandshakeTimeoutDropsThePeer() {
        EmbeddedPeer p = peer();
        byte[] hello = EmbeddedPeer.framed(FrameCodec.toBytes(
                new Frame.Hello(Frame.PROTOCOL_VERSION, EmbeddedPeer.CHAIN, REMOTE.publicKey(), new byte[32])));
        p.sendRaw(java.util.Arrays.copyOf(hello, hello.length - 5));
        assertThat(p.channel.isOpen()).isTrue();
        p.advance(Duration.ofSeconds(6));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.HANDSHAKE_TIMEOUT);
        assertThat(p.listener.connected).isEmpty();
    }

    @Test
    void anAuthenticatedPeerIsPingedWhenQuietAndDroppedWhenSilent() {
        EmbeddedPeer p = peer();
        p.handshakeAs(REMOTE);
        p.received();
        p.advance(Duration.ofSeconds(11));
        assertThat(p.received()).anyMatch(f -> f instanceof Frame.Ping);
        p.send(new Frame.Ping(42));
        assertThat(p.received()).contains(new Frame.Pong(42));
        p.advance(Duration.ofSeconds(31));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
        assertThat(p.listener.disconnected).containsExactly(REMOTE.publicKey());
    }

    @Test
    void aFloodingPeerIsThrottledThenDroppedAndScored() {
        EmbeddedPeer p = peer(OPTIONS.withMessageRate(100, 10, 20));
        p.handshakeAs(REMOTE);
        for (int i = 0; i < 40 && p.channel.isOpen(); i++) {
            p.send(new Frame.Message(1, new byte[] {(byte) i}));
        }
        assertThat(p.listener.messages).hasSize(10);
        assertThat(p.counters.snapshot().framesThrottled()).isEqualTo(21);
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.RATE_LIMITED);
        assertThat(p.context.table().score(REMOTE.publicKey())).isEqualTo(DisconnectReason.RATE_LIMITED.misbehaviour());
    }

    @Test
    void aThrottledPeerWithinToleranceRecoversOnceTheBucketRefills() {
        EmbeddedPeer p = peer(OPTIONS.withMessageRate(100, 10, 50));
        p.handshakeAs(REMOTE);
        for (int i = 0; i < 15; i++) {
            p.send(new Frame.Message(1, new byte[] {(byte) i}));
        }
        assertThat(p.listener.messages).hasSize(10);
        assertThat(p.channel.config().isAutoRead()).isFalse();
        p.advance(Duration.ofMillis(100));
        assertThat(p.channel.config().isAutoRead()).isTrue();
        p.send(new Frame.Message(1, new byte[] {99}));
        assertThat(p.listener.messages).hasSize(11);
        assertThat(p.channel.isOpen()).isTrue();
    }

    @Test
    void aSecondHelloAfterAuthenticationIsAViolation() {
        EmbeddedPeer p = peer();
        p.handshakeAs(REMOTE);
        p.send(new Frame.Hello(Frame.PROTOCOL_VERSION, EmbeddedPeer.CHAIN, REMOTE.publicKey(), new byte[32]));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
        assertThat(p.context.table().score(REMOTE.publicKey())).isPositive();
    }

    @Test
    void aGoodbyeClosesWithTheRemoteReason() {
        EmbeddedPeer p = peer();
        p.handshakeAs(REMOTE);
        p.send(new Frame.Goodbye(DisconnectReason.SHUTDOWN.code()));
        assertThat(p.dropReason()).isEqualTo(DisconnectReason.REMOTE_CLOSED);
        assertThat(p.listener.disconnected).containsExactly(REMOTE.publicKey());
    }

    @Property(tries = 300)
    void randomBytesBeforeTheHandshakeNeverEscapeNorReachTheNode(@ForAll @Size(max = 600) byte[] noise) {
        EmbeddedPeer p = peer();
        p.sendRaw(noise); // checkException() inside: nothing may reach the tail of the pipeline
        assertThat(p.listener.messages).isEmpty();
        assertThat(p.listener.connected).isEmpty();
        assertThat(p.channel.inboundMessages()).isEmpty();
    }

    @Property(tries = 300)
    void randomFramesAfterTheHandshakeNeverEscape(@ForAll @Size(max = 20) java.util.List<@Size(max = 80) byte[]> bodies,
                                                  @ForAll @IntRange(min = 0, max = 8) int typeBias) {
        EmbeddedPeer p = peer();
        p.handshakeAs(REMOTE);
        for (byte[] body : bodies) {
            if (body.length > 0 && typeBias > 0) {
                body[0] = (byte) (body[0] % typeBias);
            }
            p.sendRaw(EmbeddedPeer.framed(body));
        }
        assertThat(p.channel.inboundMessages()).isEmpty();
        if (!p.channel.isOpen()) {
            assertThat(p.dropReason()).isIn(DisconnectReason.MALFORMED_FRAME, DisconnectReason.WRONG_VERSION,
                    DisconnectReason.PROTOCOL_VIOLATION, DisconnectReason.REMOTE_CLOSED);
        }
    }
}
