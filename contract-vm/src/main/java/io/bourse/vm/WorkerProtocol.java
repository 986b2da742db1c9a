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
 *       'B' BLOCK   pool → worker, before the first call of a block on that worker:
 *                                   blockHash (32 bytes) | blockMillis (i64) | the block's shared ctx (string, {@link BlockInput#json()})
 *       'C' CALL    pool → worker:  codeHash (32 bytes) | 0|1 [code (string)] | contract (20 bytes) | entry (string)
 *                                   | blockHash (32 bytes, the last BLOCK's) | contractJson (string)
 *                                   | storage: n (u32), n × (key, value) | statementBudget (i64)
 *       'R' RESULT  worker → pool, one per CALL:
 *                   'C' completed: actions: n (u32), n × string | writes: n (u32), n × (key, 0|1, [value]) | budgetUsed (i64)
 *                   'F' failed:    failure code (string, {@link Failure#code()}, never an ordinal) | detail | budgetUsed (i64)
 *                   'N' need code: the call came without its code and the worker does not keep it; the pool
 *                                  sends the same CALL again with the code
 * </pre>
 *
 * A worker keeps the code it was sent (by hash), so a contract's code crosses the pipe once per
 * worker, not once per call; and the block's shared ctx crosses it once per block.
 *
 * The magic bytes make stray output on the worker's stdout (which the worker forbids itself) a
 * lost worker, not a misread result. WorkerProtocolTest pins the bytes.
 */
final class WorkerProtocol {
    static final int MAX_FRAME_BYTES = 64 << 20;
    private static final int MAGIC = 0xB055;
    static final byte HELLO = 'H';
    static final byte CALL = 'C';
    static final byte BLOCK = 'B';
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

    /** A frame read: its type and payload. */
    record Frame(byte type, DataInputStream payload) {
    }

    /** The next frame of {@code type}: its payload, or null at a clean end of stream (before any byte of a frame). */
    static DataInputStream read(DataInputStream in, byte type) throws IOException {
        Frame f = readAny(in);
        if (f == null) {
            return null;
        }
        if (f.type() != type) {
            throw new IOException("not a " + (char) type + " frame");
        }
        return f.payload();
    }

    /** The next frame, whatever its type, or null at a clean end of stream. */
    static Frame readAny(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int magic = (first << 8) | in.readUnsignedByte();
        byte type = in.readByte();
        int length = in.readInt();
        if (magic != MAGIC || length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("not a frame");
        }
        byte[] p = new byte[length];
        in.readFully(p);
        return new Frame(type, new DataInputStream(new ByteArrayInputStream(p)));
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

    // ---- BLOCK -------------------------------------------------------------------------------

    static void writeBlock(DataOutputStream out, BlockInput b) throws IOException {
        write(out, BLOCK, new Payload().raw(b.blockHash().unsafeBytes(), false).i64(b.blockMillis()).string(b.json()));
    }

    static BlockInput readBlock(DataInputStream p) throws IOException {
        return new BlockInput(new Hash(bytes(p, Hash.LENGTH)), p.readLong(), string(p));
    }

    // ---- CALL --------------------------------------------------------------------------------

    /** A CALL as read: everything but the block, which the worker has; {@code code} is null when it was not sent. */
    record CallFrame(Hash codeHash, String code, Address contract, String entry, Hash blockHash, String contractJson,
                     TreeMap<String, String> storage, long statementBudget) {
        ContractCall toCall(String codeText, BlockInput block) {
            return new ContractCall(codeText, codeHash, contract, entry, block, contractJson, storage, statementBudget);
        }
    }

    static Payload call(ContractCall c, boolean withCode) {
        Payload p = new Payload().raw(c.codeHash().unsafeBytes(), false).u8(withCode ? 1 : 0);
        if (withCode) {
            p.string(c.code());
        }
        p.raw(c.contract().unsafeBytes(), false).string(c.entry()).raw(c.blockHash().unsafeBytes(), false)
                .string(c.contractJson()).u32(c.storage().size());
        c.storage().forEach((k, v) -> p.string(k).string(v));
        return p.i64(c.statementBudget());
    }

    static void writeCall(DataOutputStream out, ContractCall c, boolean withCode) throws IOException {
        write(out, CALL, call(c, withCode));
    }

    static CallFrame readCall(DataInputStream p) throws IOException {
        Hash codeHash = new Hash(bytes(p, Hash.LENGTH));
        String code = p.readUnsignedByte() == 0 ? null : string(p);
        Address contract = new Address(bytes(p, Address.LENGTH));
        String entry = string(p);
        Hash blockHash = new Hash(bytes(p, Hash.LENGTH));
        String contractJson = string(p);
        int n = p.readInt();
        TreeMap<String, String> storage = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            storage.put(string(p), string(p));
        }
        return new CallFrame(codeHash, code, contract, entry, blockHash, contractJson, storage, p.readLong());
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

    /** The worker asks for the code of the call it was sent. */
    static void writeNeedCode(DataOutputStream out) throws IOException {
        write(out, RESULT, new Payload().u8('N'));
    }

    /** The worker's answer, or null when it asks for the call's code; an end of stream here means the worker died. */
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
        if (kind == 'N') {
            return null;
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
