package io.bourse.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.crypto.Domain;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.ChainId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final ChainId CHAIN = ChainId.of("test-chain");

    private static List<Frame> everyKind() {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        nonce[31] = 1;
        return List.of(
                new Frame.Hello(Frame.PROTOCOL_VERSION, CHAIN, TestKeys.key(1).publicKey(), nonce),
                new Frame.Auth(TestKeys.key(1).sign(Domain.HANDSHAKE, CHAIN, new byte[] {1, 2})),
                new Frame.Ping(-5), new Frame.Pong(Long.MAX_VALUE),
                new Frame.Message(65535, new byte[] {9, 8, 7}), new Frame.Message(0, new byte[0]),
                new Frame.Goodbye(DisconnectReason.RATE_LIMITED.code()));
    }

    @Test
    void everyFrameKindSurvivesEncodeThenDecodeThroughEmbeddedChannel() {
        for (Frame f : everyKind()) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec());
            ch.writeOutbound(f);
            ByteBuf wire = ch.readOutbound();
            assertThat(wire.readableBytes()).isEqualTo(f.wireSize());
            ch.writeInbound(wire);
            Frame back = ch.readInbound();
            assertThat(back).usingRecursiveComparison().isEqualTo(f);
            assertThat(ch.finish()).isFalse();
        }
    }

    /** Golden bytes: a change here splits old and new nodes at the handshake (docs/protocol.md). */
    @Test
    void everyFrameKindKeepsItsPinnedBytes() {
        assertThat(everyKind().stream().map(f -> ByteBufUtil.hexDump(FrameCodec.toBytes(f))).toList())
                .isEqualTo(PINNED_FRAMES);
    }

    private static final List<String> PINNED_FRAMES = List.of(
            "0100010000000a746573742d636861696e5d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c2"
                    + "0000000000000000000000000000000000000000000000000000000000000001",
            "0278d5928822644205f9aec119a9f5f8e5dacef98a194dd5566e15470f5659049fb206cb86b214dfb2bd57118ca83bbbdfcb0a7a"
                    + "0d69206b7f9e928d47d7fea008",
            "03fffffffffffffffb",
            "047fffffffffffffff",
            "05ffff090807",
            "050000",
            "06000b");

    @Test
    void messageWireFormatIsTypeThenChannelThenPayload() {
        byte[] wire = FrameCodec.toBytes(new Frame.Message(0x0102, new byte[] {(byte) 0xAA}));
        assertThat(ByteBufUtil.hexDump(wire)).isEqualTo("050102aa");
    }

    @Test
    void helloOfAnotherProtocolVersionIsRefusedAsWrongVersion() {
        byte[] wire = FrameCodec.toBytes(everyKind().get(0));
        wire[2] = 2; // version 0x0001 → 0x0002
        assertThatThrownBy(() -> FrameCodec.read(Unpooled.wrappedBuffer(wire)))
                .isInstanceOfSatisfying(PeerProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(DisconnectReason.WRONG_VERSION));
    }

    @Test
    void unknownTypesEmptyFramesAndTrailingBytesAreMalformed() {
        byte[] ping = FrameCodec.toBytes(new Frame.Ping(1));
        byte[] trailing = java.util.Arrays.copyOf(ping, ping.length + 1);
        for (byte[] bad : List.of(new byte[0], new byte[] {0x7F}, new byte[] {Frame.TYPE_MESSAGE, 1}, trailing,
                java.util.Arrays.copyOf(ping, ping.length - 1))) {
            assertThatThrownBy(() -> FrameCodec.read(Unpooled.wrappedBuffer(bad)))
                    .isInstanceOfSatisfying(PeerProtocolException.class,
                            e -> assertThat(e.reason()).isEqualTo(DisconnectReason.MALFORMED_FRAME));
        }
    }

    @Test
    void decodeFailureInAPipelineSurfacesAsDecoderExceptionWrappingTheReason() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec());
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x42})))
                .isInstanceOf(DecoderException.class).hasCauseInstanceOf(PeerProtocolException.class);
    }

    @Property(tries = 500)
    void anyBodyEitherDecodesOrFailsWithAProtocolException(@ForAll @Size(max = 200) byte[] body,
                                                           @ForAll @IntRange(min = 1, max = 6) int type) {
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) type;
        System.arraycopy(body, 0, frame, 1, body.length);
        try {
            Frame f = FrameCodec.read(Unpooled.wrappedBuffer(frame));
            assertThat(FrameCodec.toBytes(f)).isEqualTo(frame); // canonical: one byte form per frame
        } catch (PeerProtocolException expected) {
            assertThat(expected.reason()).isIn(DisconnectReason.MALFORMED_FRAME, DisconnectReason.WRONG_VERSION);
        }
    }
}
