package io.bourse.p2p;

import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A hand-driven peer on a blocking socket: it sends whatever frames the test gives it. */
final class RawPeer implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(Frame frame) throws IOException {
        out.write(EmbeddedPeer.framed(FrameCodec.toBytes(frame)));
        out.flush();
    }

    Frame read() throws IOException {
        int len = in.readInt();
        byte[] body = in.readNBytes(len);
        return FrameCodec.read(Unpooled.wrappedBuffer(body));
    }

    /** Reads until the other side closes; returns the frames seen (e.g. a GOODBYE). */
    java.util.List<Frame> readUntilClosed() throws IOException {
        java.util.List<Frame> frames = new java.util.ArrayList<>();
        try {
            while (true) {
                frames.add(read());
            }
        } catch (EOFException | java.net.SocketException closed) {
            return frames;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the peer did not close the connection; frames so far: " + frames, e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
