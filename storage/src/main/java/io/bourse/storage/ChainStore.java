package io.bourse.storage;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.CodecException;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Hash;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The node's persistent chain over a {@link KeyValueStore}: final blocks, their certificates,
 * receipts and commitment index, the state after the last final block, and node metadata. Layouts
 * in docs/storage.md.
 *
 * <p>Invariant (O3): everything a final block causes (block, certificate, commitment index,
 * receipts, state changes and the last final height) lands in one atomic, synced write, so after a
 * crash the store holds exactly the blocks acknowledged before it, and the state that follows from
 * them. Commits are serialised; reads may run from any thread. The caller owns and closes the store.
 */
public final class ChainStore {
    /** The layout version written with genesis; a store of another version is refused. */
    public static final int FORMAT = 1;
    static final String LAST_FINAL = "chain.last-final-height";
    static final String BASE_HEIGHT = "chain.base-height";
    static final String FORMAT_NAME = "storage.format";
    private static final byte[] ALL = new byte[0];

    private final KeyValueStore kv;
    private final Object commitLock = new Object();
    private volatile long lastFinal = -1;
    private volatile Hash lastHash;

    /**
     * @throws StorageException INCOMPATIBLE for a store of another format, CORRUPT when the last
     *     final block is missing or does not decode
     */
    public ChainStore(KeyValueStore kv) {
        this.kv = Objects.requireNonNull(kv, "kv");
        Optional<byte[]> format = kv.get(Column.META, Keys.name(FORMAT_NAME));
        if (format.isPresent() && (format.get().length != 4 || ByteBuffer.wrap(format.get()).getInt() != FORMAT)) {
            throw new StorageException(StorageException.Kind.INCOMPATIBLE, "the store has storage format "
                    + (format.get().length == 4 ? ByteBuffer.wrap(format.get()).getInt() : "?") + ", this version of Bourse reads "
                    + FORMAT);
        }
        Optional<byte[]> last = kv.get(Column.META, Keys.name(LAST_FINAL));
        if (last.isPresent()) {
            long h = Keys.height(last.get());
            Block block = block(h).orElseThrow(() -> new StorageException(StorageException.Kind.CORRUPT,
                    "the store says the last final height is " + h + " but holds no block there"));
            lastFinal = h;
            lastHash = block.hash();
        }
    }

    public OptionalLong lastFinalHeight() {
        long h = lastFinal;
        return h < 0 ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /** The lowest height whose block is stored: 0, or the height a snapshot was imported at. */
    public OptionalLong baseHeight() {
        return kv.get(Column.META, Keys.name(BASE_HEIGHT)).map(b -> OptionalLong.of(Keys.height(b)))
                .orElse(OptionalLong.empty());
    }

    public Optional<Block> block(long height) {
        return kv.get(Column.BLOCKS, Keys.height(height)).map(b -> decode(b, Block::fromBytes, "block at height " + height));
    }

    public Optional<Long> heightOf(Hash blockHash) {
        return kv.get(Column.BLOCK_INDEX, blockHash.unsafeBytes()).map(Keys::height);
    }

    /** The certificate that made the block at {@code height} final (none for genesis). */
    public Optional<QuorumCertificate> certificate(long height) {
        return kv.get(Column.CERTIFICATES, Keys.height(height))
                .map(b -> decode(b, QuorumCertificate::fromBytes, "certificate at height " + height));
    }

    /** The first final block that included the commitment, and its index there. */
    public Optional<CommitmentLocation> locate(Hash commitmentId) {
        return kv.get(Column.COMMITMENTS, commitmentId.unsafeBytes()).map(Keys::location);
    }

    public Optional<Receipt> receipt(long height, int index) {
        return kv.get(Column.RECEIPTS, Keys.heightIndex(height, index))
                .map(b -> decode(b, Receipt::fromBytes, "receipt " + height + "/" + index));
    }

    /** Writes the genesis block and the state it creates; the store must hold no chain yet. */
    public void commitGenesis(Block genesis, WriteSet state) {
        synchronized (commitLock) {
            if (lastFinal >= 0 || baseHeight().isPresent()) {
                throw new IllegalStateException("the store already holds a chain (last final height " + lastFinal
                        + "); genesis goes into an empty store");
            }
            if (genesis.height() != 0) {
                throw new IllegalArgumentException("genesis is at height 0, this block is at " + genesis.height());
            }
            Batch batch = kv.newBatch()
                    .put(Column.META, Keys.name(FORMAT_NAME), ByteBuffer.allocate(4).putInt(FORMAT).array())
                    .put(Column.META, Keys.name(BASE_HEIGHT), Keys.height(0));
            addBlock(batch, genesis);
            addState(batch, state);
            write(batch, genesis);
        }
    }

    /**
     * Commits a final block with everything it causes in one atomic, synced write.
     *
     * @param qc the certificate that makes {@code block} final
     * @param receipts one per commitment, in block order
     * @param stateChanges the ledger's write set for the block
     * @throws IllegalStateException when the block is not at the next height
     * @throws IllegalArgumentException when the block does not follow the last final block, or the
     *     certificate or receipts are not for it
     */
    public void commit(Block block, QuorumCertificate qc, List<Receipt> receipts, WriteSet stateChanges) {
        synchronized (commitLock) {
            long h = block.height();
            if (lastFinal < 0) {
                throw new IllegalStateException("cannot commit block " + h + ": the store holds no chain yet (commit genesis first)");
            }
            if (h != lastFinal + 1) {
                throw new IllegalStateException("cannot commit block " + h + ": the last final height is " + lastFinal
                        + ", so the next block must be at height " + (lastFinal + 1));
            }
            checkFollows(block, qc, receipts);
            Batch batch = kv.newBatch().put(Column.CERTIFICATES, Keys.height(h), qc.toBytes());
            addBlock(batch, block);
            for (int i = 0; i < receipts.size(); i++) {
                batch.put(Column.RECEIPTS, Keys.heightIndex(h, i), receipts.get(i).toBytes());
            }
            addState(batch, stateChanges);
            write(batch, block);
        }
    }

    private void checkFollows(Block block, QuorumCertificate qc, List<Receipt> receipts) {
        long h = block.height();
        if (!block.header().parentHash().equals(lastHash)) {
            throw new IllegalArgumentException("block " + h + " names parent " + block.header().parentHash()
                    + ", but the final block at " + lastFinal + " is " + lastHash);
        }
        if (qc.height().value() != h || !qc.blockHash().equals(block.hash())) {
            throw new IllegalArgumentException("the certificate is for block " + qc.blockHash() + " at " + qc.height()
                    + ", not for block " + block.hash() + " at " + h);
        }
        List<Commitment> commitments = block.commitments();
        if (receipts.size() != commitments.size()) {
            throw new IllegalArgumentException("block " + h + " has " + commitments.size() + " commitments but "
                    + receipts.size() + " receipts");
        }
        for (int i = 0; i < receipts.size(); i++) {
            if (!receipts.get(i).commitmentId().equals(commitments.get(i).id())) {
                throw new IllegalArgumentException("receipt " + i + " of block " + h + " is for another commitment");
            }
        }
    }

    /** The block, its hash index and the first-inclusion index of its commitments. */
    private void addBlock(Batch batch, Block block) {
        long h = block.height();
        batch.put(Column.BLOCKS, Keys.height(h), block.toBytes())
                .put(Column.BLOCK_INDEX, block.hash().unsafeBytes(), Keys.height(h))
                .put(Column.META, Keys.name(LAST_FINAL), Keys.height(h));
        Set<Hash> seen = new HashSet<>();
        List<Commitment> commitments = block.commitments();
        for (int i = 0; i < commitments.size(); i++) {
            Hash id = commitments.get(i).id();
            if (seen.add(id) && locate(id).isEmpty()) {
                batch.put(Column.COMMITMENTS, id.unsafeBytes(), Keys.heightIndex(h, i));
            }
        }
    }

    private static void addState(Batch batch, WriteSet changes) {
        changes.changes().forEach((k, v) -> {
            if (v.isPresent()) {
                batch.put(Column.STATE, k.unsafeValue(), v.get());
            } else {
                batch.delete(Column.STATE, k.unsafeValue());
            }
        });
    }

    private void write(Batch batch, Block block) {
        kv.write(batch, true);
        lastHash = block.hash();
        lastFinal = block.height();
    }

    /** Every state entry, in key order: to load the state at start. */
    public void forEachState(BiConsumer<byte[], byte[]> visitor) {
        kv.scan(Column.STATE, ALL, (k, v) -> {
            visitor.accept(k, v);
            return true;
        });
    }

    public Optional<byte[]> state(byte[] key) {
        return kv.get(Column.STATE, key);
    }

    /** The stored state, in memory with its root; compare the root with {@link #checkStateRoot}. */
    public MerkleState loadState() {
        WriteSet all = new WriteSet();
        forEachState((k, v) -> all.put(Bytes.of(k), v));
        MerkleState state = new MerkleState();
        state.apply(all);
        return state;
    }

    /**
     * Refuses to go on when the state computed from the store is not the one the last final block
     * names: the store was damaged or mixed with another chain.
     *
     * @throws StorageException STATE_MISMATCH
     */
    public void checkStateRoot(Hash computedRoot) {
        long h = lastFinal;
        if (h < 0) {
            return;
        }
        Hash expected = block(h).orElseThrow().header().stateRoot();
        if (!expected.equals(computedRoot)) {
            throw new StorageException(StorageException.Kind.STATE_MISMATCH, "the stored state has root " + computedRoot
                    + " but the last final block (height " + h + ") says " + expected
                    + "; the store is damaged: restore it from a snapshot or resync from peers");
        }
    }

    /**
     * Writes the state at the last final height, with that block and its certificate, to
     * {@code file} (format in {@link StateSnapshotFile}); commits may go on meanwhile.
     */
    public SnapshotInfo exportSnapshot(Path file) {
        return StateSnapshots.export(kv, file);
    }

    /**
     * Makes this empty store continue a chain from a snapshot: verifies the file's checksum and that
     * {@code rootOf} the imported state equals the snapshot block's state root, then stores the block
     * as the last final one (and {@link #baseHeight()}). Blocks below it are not available.
     *
     * @throws IllegalStateException when the store already holds a chain
     * @throws StorageException CORRUPT for a damaged file, STATE_MISMATCH for a wrong state; either
     *     way nothing is imported
     */
    public SnapshotInfo importSnapshot(Path file, StateRootFunction rootOf) {
        synchronized (commitLock) {
            if (lastFinal >= 0 || baseHeight().isPresent()) {
                throw new IllegalStateException("a snapshot is imported into an empty store; this one holds a chain up to "
                        + lastFinal);
            }
            SnapshotInfo info = StateSnapshots.importInto(kv, file, rootOf);
            lastHash = info.blockHash();
            lastFinal = info.height();
            return info;
        }
    }

    public Optional<byte[]> meta(String name) {
        return kv.get(Column.META, Keys.name(checkName(name)));
    }

    /** Stores a node setting, synced. Names starting with "chain." or "storage." are the store's own. */
    public void putMeta(String name, byte[] value) {
        if (checkName(name).startsWith("chain.") || name.startsWith("storage.")) {
            throw new IllegalArgumentException("meta name '" + name + "' is reserved for the chain store");
        }
        kv.write(kv.newBatch().put(Column.META, Keys.name(name), value), true);
    }

    /** A consensus journal entry (locked block, last vote …). */
    public Optional<byte[]> journal(String name) {
        return kv.get(Column.CONSENSUS, Keys.name(checkName(name)));
    }

    /** Writes a consensus journal entry and returns only once it is on disk: act on it after. */
    public void putJournal(String name, byte[] value) {
        kv.write(kv.newBatch().put(Column.CONSENSUS, Keys.name(checkName(name)), value), true);
    }

    public void deleteJournal(String name) {
        kv.write(kv.newBatch().delete(Column.CONSENSUS, Keys.name(checkName(name))), true);
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("a meta or journal name has 1 to 256 characters");
        }
        return name;
    }

    private static <T> T decode(byte[] bytes, Function<byte[], T> decoder, String what) {
        try {
            return decoder.apply(bytes);
        } catch (CodecException | IllegalArgumentException e) {
            throw new StorageException(StorageException.Kind.CORRUPT, "the stored " + what + " does not decode: "
                    + e.getMessage(), e);
        }
    }
}
