package io.bourse.p2p;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maps one length-delimited frame to a {@link Frame} and back. The length prefix itself belongs to
 * the frame decoder and prepender below this codec; on the wire a frame is:
 *
 * <pre>
 * +----------------+---------+--------------------------------+
 * | length: u32 BE | type:u8 | body: length - 1 bytes         |
 * +----------------+---------+--------------------------------+
 *   (frame decoder)  (this codec)
 *
 * type  name     body
 * 0x01  HELLO    version:u16 | chainId:u32 len + ASCII | key:32 | nonce:32
 * 0x02  AUTH     signature:64  (Ed25519, Domain.HANDSHAKE, see HandshakeHandler)
 * 0x03  PING     nonce:i64
 * 0x04  PONG     nonce:i64  (echoes the PING)
 * 0x05  MESSAGE  channel:u16 | payload: the rest of the frame
 * 0x06  GOODBYE  reason:u16  (DisconnectReason code)
 * </pre>
 *
 * Integers are big-endian. Every body must be exactly as long as its fields: trailing bytes, an
 * unknown type, an empty frame or a HELLO of another protocol version fail decoding with a
 * {@link PeerProtocolException}, never with anything else.
 */
final class FrameCodec extends MessageToMessageCodec<ByteBuf, Frame> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(frame.wireSize());
        write(frame, buf);
        out.add(buf);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        out.add(read(in));
    }

    static void write(Frame frame, ByteBuf buf) {
        switch (frame) {
            case Frame.Hello h -> {
                byte[] chain = h.chainId().value().getBytes(StandardCharsets.US_ASCII);
                buf.writeByte(Frame.TYPE_HELLO).writeShort(h.version()).writeInt(chain.length).writeBytes(chain)
                        .writeBytes(h.key().unsafeBytes()).writeBytes(h.nonce());
            }
            case Frame.Auth a -> buf.writeByte(Frame.TYPE_AUTH).writeBytes(a.signature().unsafeBytes());
            case Frame.Ping p -> buf.writeByte(Frame.TYPE_PING).writeLong(p.nonce());
            case Frame.Pong p -> buf.writeByte(Frame.TYPE_PONG).writeLong(p.nonce());
            case Frame.Message m -> buf.writeByte(Frame.TYPE_MESSAGE).writeShort(m.channel()).writeBytes(m.payload());
            case Frame.Goodbye g -> buf.writeByte(Frame.TYPE_GOODBYE).writeShort(g.reasonCode());
        }
    }

    /** The frame's bytes after the length prefix: for tests and tools that speak the protocol by hand. */
    static byte[] toBytes(Frame frame) {
        ByteBuf buf = Unpooled.buffer(frame.wireSize());
        write(frame, buf);
        return ByteBufUtil.getBytes(buf);
    }

    static Frame read(ByteBuf in) {
        if (!in.isReadable()) {
            throw malformed("empty frame");
        }
        int type = in.readUnsignedByte();
        if (type == Frame.TYPE_MESSAGE) {
            if (in.readableBytes() < 2) {
                throw malformed("MESSAGE without a channel");
            }
            int channel = in.readUnsignedShort();
            return new Frame.Message(channel, ByteBufUtil.getBytes(in));
        }
        byte[] body = ByteBufUtil.getBytes(in);
        try {
            return Reader.decodeAll(body, frameName(type), r -> readBody(type, r));
        } catch (CodecException e) {
            throw malformed(e.getMessage());
        }
    }

    private static Frame readBody(int type, Reader r) {
        return switch (type) {
            case Frame.TYPE_HELLO -> readHello(r);
            case Frame.TYPE_AUTH -> new Frame.Auth(Signature.decode(r, "AUTH signature"));
            case Frame.TYPE_PING -> new Frame.Ping(r.i64("PING nonce"));
            case Frame.TYPE_PONG -> new Frame.Pong(r.i64("PONG nonce"));
            case Frame.TYPE_GOODBYE -> new Frame.Goodbye(r.u16("GOODBYE reason"));
            default -> throw malformed("unknown frame type 0x" + Integer.toHexString(type));
        };
    }

    private static Frame.Hello readHello(Reader r) {
        int version = r.u16("HELLO version");
        if (version != Frame.PROTOCOL_VERSION) {
            throw new PeerProtocolException(DisconnectReason.WRONG_VERSION,
                    "protocol version " + version + ", this node speaks " + Frame.PROTOCOL_VERSION);
        }
        ChainId chain = ChainId.decode(r, "HELLO chain id");
        PublicKey key = PublicKey.decode(r, "HELLO key");
        byte[] nonce = r.fixed(Frame.NONCE_LENGTH, "HELLO nonce");
        return new Frame.Hello(version, chain, key, nonce);
    }

    private static String frameName(int type) {
        return switch (type) {
            case Frame.TYPE_HELLO -> "HELLO";
            case Frame.TYPE_AUTH -> "AUTH";
            case Frame.TYPE_PING -> "PING";
            case Frame.TYPE_PONG -> "PONG";
            case Frame.TYPE_GOODBYE -> "GOODBYE";
            default -> "frame type 0x" + Integer.toHexString(type);
        };
    }

    private static PeerProtocolException malformed(String detail) {
        return new PeerProtocolException(DisconnectReason.MALFORMED_FRAME, detail);
    }
}
