package io.bourse.storage;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.CodecException;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Hash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The state snapshot file format (big-endian):
 *
 * <pre>
 *   "BOURSNAP" | u32 version (1)
 *   u64 height | block hash (32) | u32 len | block | u8 hasCertificate | [u32 len | certificate]
 *   ( u8 1 | u32 len | key | u32 len | value ) *      state entries, keys strictly ascending
 *   u8 0 | u64 entry count | SHA-256 of every byte before it (32)
 * </pre>
 *
 * The block and its certificate travel with the state so the importing node can build on them.
 */
final class StateSnapshotFile {
    static final byte[] MAGIC = {'B', 'O', 'U', 'R', 'S', 'N', 'A', 'P'};
    static final int VERSION = 1;
    private static final int MAX_CERTIFICATE = 1024 * 1024;

    private StateSnapshotFile() {
    }

    /** The header of a snapshot being read. */
    record Header(Block block, Optional<QuorumCertificate> certificate) {
    }

    /** Writes the header; returns a sink for entries, then {@link Writer#finish()}. */
    static final class Writer {
        private final MessageDigest digest = Hash.sha256();
        private final DataOutputStream out;
        private long entries;

        Writer(OutputStream raw, Block block, Optional<QuorumCertificate> certificate) throws IOException {
            out = new DataOutputStream(new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), digest));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(block.height());
            out.write(block.hash().unsafeBytes());
            lengthPrefixed(block.toBytes());
            out.writeBoolean(certificate.isPresent());
            if (certificate.isPresent()) {
                lengthPrefixed(certificate.get().toBytes());
            }
        }

        void entry(byte[] key, byte[] value) throws IOException {
            out.writeByte(1);
            lengthPrefixed(key);
            lengthPrefixed(value);
            entries++;
        }

        long finish() throws IOException {
            out.writeByte(0);
            out.writeLong(entries);
            out.flush();
            out.write(digest.digest());
            out.flush();
            return entries;
        }

        private void lengthPrefixed(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** Reads and checks a snapshot as it streams; any damage is a {@link CodecException}. */
    static final class Reader {
        private final MessageDigest digest = Hash.sha256();
        private final DataInputStream in;
        private final Header header;
        private byte[] lastKey;
        private long entries;

        Reader(InputStream raw) throws IOException {
            in = new DataInputStream(new DigestInputStream(new BufferedInputStream(raw, 1 << 16), digest));
            if (!Arrays.equals(readFully(MAGIC.length), MAGIC)) {
                throw new CodecException("not a Bourse state snapshot");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new CodecException("snapshot version " + version + " is not supported (expected " + VERSION + ")");
            }
            long height = in.readLong();
            Hash hash = new Hash(readFully(Hash.LENGTH));
            Block block = Block.fromBytes(lengthPrefixed(Block.MAX_BYTES, "block"));
            if (block.height() != height || !block.hash().equals(hash)) {
                throw new CodecException("the snapshot header names block " + hash + " at " + height
                        + " but carries block " + block.hash() + " at " + block.height());
            }
            Optional<QuorumCertificate> qc = in.readBoolean()
                    ? Optional.of(QuorumCertificate.fromBytes(lengthPrefixed(MAX_CERTIFICATE, "certificate")))
                    : Optional.empty();
            if (qc.isPresent() && (!qc.get().blockHash().equals(hash) || qc.get().height().value() != height)) {
                throw new CodecException("the snapshot's certificate is not for its block");
            }
            header = new Header(block, qc);
        }

        Header header() {
            return header;
        }

        /** Feeds every entry to {@code sink}, then checks the count and the checksum. */
        void entries(BiPredicate<byte[], byte[]> sink) throws IOException {
            while (in.readByte() == 1) {
                byte[] key = lengthPrefixed(WriteSet.MAX_KEY, "state key");
                byte[] value = lengthPrefixed(WriteSet.MAX_VALUE, "state value");
                if (lastKey != null && Arrays.compareUnsigned(lastKey, key) >= 0) {
                    throw new CodecException("snapshot state keys are not in ascending order");
                }
                lastKey = key;
                entries++;
                sink.test(key, value);
            }
            long count = in.readLong();
            byte[] expected = digest.digest();
            byte[] actual = readFully(Hash.LENGTH);
            if (count != entries || !Arrays.equals(expected, actual)) {
                throw new CodecException("the snapshot's checksum does not match its contents");
            }
            if (in.read() != -1) {
                throw new CodecException("the snapshot has bytes after its checksum");
            }
        }

        long entryCount() {
            return entries;
        }

        private byte[] lengthPrefixed(int max, String what) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > max) {
                throw new CodecException("snapshot " + what + " of " + n + " bytes (at most " + max + ")");
            }
            return readFully(n);
        }

        private byte[] readFully(int n) throws IOException {
            byte[] b = new byte[n];
            try {
                in.readFully(b);
            } catch (EOFException e) {
                throw new CodecException("the snapshot is truncated");
            }
            return b;
        }
    }
}
