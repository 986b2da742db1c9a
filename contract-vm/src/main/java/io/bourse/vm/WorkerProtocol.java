package io.bourse.vm;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Failure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The frames between {@link WorkerPool} and a {@link Worker} process, over the worker's stdin
 * (calls) and stdout (everything else). Big-endian; strings are UTF-8 after their byte length.
 *
 * <pre>
 *  frame   +------+------+------+--------------+-----------------+
 *          | 0xB0 | 0x55 | type | length (u32) | payload ...     |
 *          +------+------+------+--------------+-----------------+
 *  type 'H' HELLO   worker → pool, once, when ready:  engineVersion (string)
 *       'C' CALL    pool → worker:  code (string) | contract (20 bytes) | entry (string) | blockHash (32 bytes)
 *                                   | blockMillis (i64) | contextJson (string) | storage: n (u32), n × (key, value)
 *                                   | statementBudget (i64)
 *       'R' RESULT  worker → pool, one per CALL:
 *                   'C' completed: actions: n (u32), n × string | writes: n (u32), n × (key, 0|1, [value]) | budgetUsed (i64)
 *                   'F' failed:    failure code (string, {@link Failure#code()}, never an ordinal) | detail | budgetUsed (i64)
 * </pre>
 *
 * The magic bytes make stray output on the worker's stdout (which the worker forbids itself) a
 * lost worker, not a misread result. WorkerProtocolTest pins the bytes.
 */
final class WorkerProtocol {
    static final int MAX_FRAME_BYTES = 64 << 20;
    private static final int MAGIC = 0xB055;
    static final byte HELLO = 'H';
    static final byte CALL = 'C';
    static final byte RESULT = 'R';

    private WorkerProtocol() {
    }

    /** A frame's payload while it is written: strings, longs, raw bytes. */
    static final class Payload {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Payload string(String s) {
            return raw(s.getBytes(StandardCharsets.UTF_8), true);
        }

        Payload raw(byte[] b, boolean withLength) {
            try {
                if (withLength) {
                    data.writeInt(b.length);
                }
                data.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Payload i64(long v) {
            try {
                data.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Payload u32(int v) {
            try {
                data.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Payload u8(int v) {
            bytes.write(v);
            return this;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    static void write(DataOutputStream out, byte type, Payload payload) throws IOException {
        byte[] p = payload.toByteArray();
        out.writeShort(MAGIC);
        out.writeByte(type);
        out.writeInt(p.length);
        out.write(p);
    }

    /** The next frame of {@code type}: its payload, or null at a clean end of stream (before any byte of a frame). */
    static DataInputStream read(DataInputStream in, byte type) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int magic = (first << 8) | in.readUnsignedByte();
        byte actual = in.readByte();
        int length = in.readInt();
        if (magic != MAGIC || actual != type || length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("not a " + (char) type + " frame");
        }
        byte[] p = new byte[length];
        in.readFully(p);
        return new DataInputStream(new ByteArrayInputStream(p));
    }

    static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME_BYTES) {
            throw new IOException("bad string length");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] bytes(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    // ---- HELLO -------------------------------------------------------------------------------

    static void writeHello(DataOutputStream out, String engineVersion) throws IOException {
        write(out, HELLO, new Payload().string(engineVersion));
    }

    static String readHello(DataInputStream in) throws IOException {
        DataInputStream p = read(in, HELLO);
        if (p == null) {
            throw new EOFException("the worker ended before it was ready");
        }
        return string(p);
    }

    // ---- CALL --------------------------------------------------------------------------------

    static Payload call(ContractCall c) {
        Payload p = new Payload().string(c.code()).raw(c.contract().unsafeBytes(), false).string(c.entry())
                .raw(c.blockHash().unsafeBytes(), false).i64(c.blockMillis()).string(c.contextJson()).u32(c.storage().size());
        c.storage().forEach((k, v) -> p.string(k).string(v));
        return p.i64(c.statementBudget());
    }

    static void writeCall(DataOutputStream out, ContractCall c) throws IOException {
        write(out, CALL, call(c));
    }

    /** The next call, or null when the pool closed the stream. */
    static ContractCall readCall(DataInputStream in) throws IOException {
        DataInputStream p = read(in, CALL);
        if (p == null) {
            return null;
        }
        String code = string(p);
        Address contract = new Address(bytes(p, Address.LENGTH));
        String entry = string(p);
        Hash blockHash = new Hash(bytes(p, Hash.LENGTH));
        long blockMillis = p.readLong();
        String contextJson = string(p);
        int n = p.readInt();
        TreeMap<String, String> storage = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            storage.put(string(p), string(p));
        }
        return new ContractCall(code, contract, entry, blockHash, blockMillis, contextJson, storage, p.readLong());
    }

    // ---- RESULT ------------------------------------------------------------------------------

    static Payload result(CallResult r) {
        Payload p = new Payload();
        switch (r) {
            case CallResult.Completed c -> {
                p.u8('C').u32(c.actions().size());
                c.actions().forEach(p::string);
                p.u32(c.storageWrites().size());
                c.storageWrites().forEach((k, v) -> {
                    p.string(k).u8(v == null ? 0 : 1);
                    if (v != null) {
                        p.string(v);
                    }
                });
                p.i64(c.budgetUsed());
            }
            case CallResult.Failed f -> p.u8('F').string(f.reason().code()).string(f.detail()).i64(f.budgetUsed());
        }
        return p;
    }

    static void writeResult(DataOutputStream out, CallResult r) throws IOException {
        write(out, RESULT, result(r));
    }

    /** The worker's answer; an end of stream here means the worker died. */
    static CallResult readResult(DataInputStream in) throws IOException {
        DataInputStream p = read(in, RESULT);
        if (p == null) {
            throw new EOFException("the worker ended during a call");
        }
        int kind = p.readUnsignedByte();
        if (kind == 'C') {
            int n = p.readInt();
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                actions.add(string(p));
            }
            int m = p.readInt();
            TreeMap<String, String> writes = new TreeMap<>();
            for (int i = 0; i < m; i++) {
                String key = string(p);
                writes.put(key, p.readUnsignedByte() == 0 ? null : string(p));
            }
            return new CallResult.Completed(actions, writes, p.readLong());
        }
        if (kind == 'F') {
            Failure reason = failure(string(p));
            return new CallResult.Failed(reason, string(p), p.readLong());
        }
        throw new IOException("not a result");
    }

    private static Failure failure(String code) throws IOException {
        for (Failure f : Failure.values()) {
            if (f.code().equals(code)) {
                return f;
            }
        }
        throw new IOException("unknown failure code " + code);
    }
}
