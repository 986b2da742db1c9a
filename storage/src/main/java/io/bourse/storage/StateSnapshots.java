package io.bourse.storage;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.CodecException;
import io.bourse.core.types.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Export and import of the state at the last final height; see {@link StateSnapshotFile}. */
final class StateSnapshots {
    private static final int IMPORT_BATCH = 10_000;
    private static final byte[] ALL = new byte[0];

    private StateSnapshots() {
    }

    /** Writes the state as of one store snapshot to {@code file}, atomically (temp file, fsync, rename). */
    static SnapshotInfo export(KeyValueStore kv, Path file) {
        Path abs = file.toAbsolutePath();
        Path partial = abs.resolveSibling(abs.getFileName() + ".partial");
        try (Snapshot snap = kv.snapshot()) {
            long h = snap.get(Column.META, Keys.name(ChainStore.LAST_FINAL)).map(Keys::height)
                    .orElseThrow(() -> new IllegalStateException("the store holds no chain to export"));
            Block block = Block.fromBytes(snap.get(Column.BLOCKS, Keys.height(h)).orElseThrow());
            Optional<QuorumCertificate> qc = snap.get(Column.CERTIFICATES, Keys.height(h)).map(QuorumCertificate::fromBytes);
            long entries;
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                StateSnapshotFile.Writer w = new StateSnapshotFile.Writer(raw, block, qc);
                snap.scan(Column.STATE, ALL, (k, v) -> {
                    try {
                        w.entry(k, v);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                });
                entries = w.finish();
                ch.force(true);
            }
            move(partial, abs);
            return new SnapshotInfo(h, block.hash(), block.header().stateRoot(), entries);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(partial);
            throw new StorageException(StorageException.Kind.IO, "cannot write the snapshot " + abs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a snapshot into a store that holds no chain: state entries first, in unsynced batches;
     * then, only when the checksum and the state root check out, the block, its certificate and the
     * last final height in one synced write. A failed or interrupted import leaves no chain behind
     * (stray state entries are removed now, or by the next import).
     */
    static SnapshotInfo importInto(KeyValueStore kv, Path file, StateRootFunction rootOf) {
        Path abs = file.toAbsolutePath();
        clearState(kv);
        Block block;
        Optional<QuorumCertificate> qc;
        long entries;
        try (InputStream in = Files.newInputStream(abs)) {
            StateSnapshotFile.Reader r = new StateSnapshotFile.Reader(in);
            block = r.header().block();
            qc = r.header().certificate();
            Batch[] batch = {kv.newBatch()};
            r.entries((k, v) -> {
                batch[0].put(Column.STATE, k, v);
                if (batch[0].size() >= IMPORT_BATCH) {
                    kv.write(batch[0], false);
                    batch[0] = kv.newBatch();
                }
                return true;
            });
            kv.write(batch[0], false);
            entries = r.entryCount();
        } catch (CodecException | java.io.EOFException e) {
            clearState(kv);
            throw new StorageException(StorageException.Kind.CORRUPT, "the snapshot " + abs + " is damaged: "
                    + (e instanceof CodecException ? e.getMessage() : "it is truncated"), e);
        } catch (IOException e) {
            clearState(kv);
            throw new StorageException(StorageException.Kind.IO, "cannot read the snapshot " + abs + ": " + e, e);
        }
        Hash root = rootOf.rootOf(visitor -> kv.scan(Column.STATE, ALL, (k, v) -> {
            visitor.accept(k, v);
            return true;
        }));
        if (!root.equals(block.header().stateRoot())) {
            clearState(kv);
            throw new StorageException(StorageException.Kind.STATE_MISMATCH, "the snapshot " + abs + " holds a state with root "
                    + root + " but its block " + block.height() + " says " + block.header().stateRoot() + "; nothing was imported");
        }
        Batch last = kv.newBatch()
                .put(Column.META, Keys.name(ChainStore.FORMAT_NAME), java.nio.ByteBuffer.allocate(4).putInt(ChainStore.FORMAT).array())
                .put(Column.META, Keys.name(ChainStore.BASE_HEIGHT), Keys.height(block.height()))
                .put(Column.META, Keys.name(ChainStore.LAST_FINAL), Keys.height(block.height()))
                .put(Column.BLOCKS, Keys.height(block.height()), block.toBytes())
                .put(Column.BLOCK_INDEX, block.hash().unsafeBytes(), Keys.height(block.height()));
        qc.ifPresent(c -> last.put(Column.CERTIFICATES, Keys.height(block.height()), c.toBytes()));
        kv.write(last, true);
        return new SnapshotInfo(block.height(), block.hash(), root, entries);
    }

    private static void clearState(KeyValueStore kv) {
        Batch[] batch = {kv.newBatch()};
        kv.scan(Column.STATE, ALL, (k, v) -> {
            batch[0].delete(Column.STATE, k);
            if (batch[0].size() >= IMPORT_BATCH) {
                kv.write(batch[0], false);
                batch[0] = kv.newBatch();
            }
            return true;
        });
        kv.write(batch[0], true);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the export already failed; the partial file is harmless and overwritten next time
        }
    }
}
