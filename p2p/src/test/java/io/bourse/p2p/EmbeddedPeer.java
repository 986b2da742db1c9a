package io.bourse.p2p;

import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Our full peer pipeline on an {@link EmbeddedChannel}, with the test playing the remote side:
 * it feeds raw bytes or frames in and decodes what the pipeline writes out. Time is virtual.
 */
final class EmbeddedPeer {
    static final ChainId CHAIN = ChainId.of("test-chain");

    final KeyPair local;
    final RecordingListener listener = new RecordingListener();
    final Counters counters = new Counters();
    final AtomicLong clock = new AtomicLong();
    final PeerContext context;
    final EmbeddedChannel channel;
    private ByteBuf written = Unpooled.buffer();

    EmbeddedPeer(KeyPair local, Predicate<PublicKey> authorizer, P2pOptions options) {
        this.local = local;
        PeerTable table = new PeerTable(local.publicKey(), listener, options, clock::get);
        this.context = new PeerContext(local, CHAIN, authorizer, listener, options, table, counters, clock::get);
        this.channel = new EmbeddedChannel(false, false);
        PeerChannelInitializer.build(channel.pipeline(), context, false);
        try {
            channel.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Writes one frame as the remote side would, length prefix included. */
    void send(Frame frame) {
        sendRaw(framed(FrameCodec.toBytes(frame)));
    }

    void sendRaw(byte[] bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        channel.runPendingTasks();
        channel.checkException();
    }

    /** Frames the pipeline wrote since the last call. */
    List<Frame> received() {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            written.writeBytes(b);
            b.release();
        }
        List<Frame> frames = new ArrayList<>();
        while (written.readableBytes() >= 4 && written.readableBytes() >= 4 + written.getInt(written.readerIndex())) {
            int len = written.readInt();
            frames.add(FrameCodec.read(written.readSlice(len)));
        }
        written.discardReadBytes();
        return frames;
    }

    Frame.Hello ourHello() {
        return received().stream().filter(f -> f instanceof Frame.Hello).map(f -> (Frame.Hello) f).findFirst()
                .orElseThrow(() -> new AssertionError("the pipeline sent no HELLO"));
    }

    /** Runs a whole handshake as {@code remote}; returns the remote nonce. */
    byte[] handshakeAs(KeyPair remote) {
        Frame.Hello ours = ourHello();
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        nonce[0] = 7;
        send(new Frame.Hello(Frame.PROTOCOL_VERSION, CHAIN, remote.publicKey(), nonce));
        send(new Frame.Auth(remote.sign(Domain.HANDSHAKE, CHAIN,
                HandshakeHandler.transcript(nonce, ours.nonce(), remote.publicKey(), local.publicKey()))));
        return nonce;
    }

    void advance(java.time.Duration d) {
        clock.addAndGet(d.toNanos());
        channel.advanceTimeBy(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        channel.checkException();
    }

    DisconnectReason dropReason() {
        PeerChannels.Drop d = channel.attr(PeerChannels.DROP).get();
        return d == null ? null : d.reason();
    }

    /** {@code body} behind its u32 length prefix. */
    static byte[] framed(byte[] body) {
        return java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
