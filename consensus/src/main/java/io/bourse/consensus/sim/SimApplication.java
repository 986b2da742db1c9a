package io.bourse.consensus.sim;

import io.bourse.consensus.Application;
import io.bourse.consensus.ChainHead;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.BlockRules;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.block.Refusal.Reason;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic stand-in for the node's ledger: the state root is SHA-256(parent root ||
 * commitment ids), a Network Parameters special block governs from the next height, and the
 * commitments come from a shared pool of pre-signed transfers. Its chain survives a simulated
 * crash (it plays the node's durable storage). Commitment signatures and effects are not checked.
 */
public final class SimApplication implements Application {
    private final KeyPair key;
    private final BlockRules blockRules;
    private final List<Commitment> pool;
    private final SplittableRandom random;
    private final List<Block> blocks = new ArrayList<>();
    private final List<QuorumCertificate> certificates = new ArrayList<>();
    private final List<Hash> roots = new ArrayList<>();
    private final TreeMap<Long, NetworkParameters> paramsFrom = new TreeMap<>();
    private final TreeMap<Long, Hash> paramsHash = new TreeMap<>();
    private final TreeSet<Hash> included = new TreeSet<>();
    private final Hash genesisHash;
    private final long genesisMillis;
    /** When set, proposed blocks carry a wrong state root (a Byzantine generator's invalid block). */
    private boolean corrupt;

    public SimApplication(KeyPair key, NetworkParameters genesis, long genesisMillis, List<Commitment> pool,
                          SignatureVerifier verifier, long seed) {
        this.key = key;
        this.blockRules = new BlockRules(verifier);
        this.pool = List.copyOf(pool);
        this.random = new SplittableRandom(seed);
        this.genesisMillis = genesisMillis;
        this.genesisHash = Hash.of(("genesis/" + genesis.chainId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        setParams(1, genesis);
        roots.add(Hash.ZERO);
    }

    public void corruptProposals(boolean on) {
        corrupt = on;
    }

    private void setParams(long from, NetworkParameters p) {
        paramsFrom.put(from, p);
        paramsHash.put(from, p.hash());
    }

    public NetworkParameters parametersFor(long height) {
        return paramsFrom.floorEntry(height).getValue();
    }

    private Hash parametersHashFor(long height) {
        return paramsHash.floorEntry(height).getValue();
    }

    public ChainHead head() {
        if (blocks.isEmpty()) {
            return new ChainHead(0, genesisHash, genesisMillis, Optional.empty());
        }
        Block b = blocks.get(blocks.size() - 1);
        return new ChainHead(b.height(), b.hash(), b.header().timestamp().millis(),
                Optional.of(certificates.get(certificates.size() - 1)));
    }

    public long height() {
        return blocks.size();
    }

    public Block block(long height) {
        return blocks.get((int) height - 1);
    }

    public QuorumCertificate certificate(long height) {
        return certificates.get((int) height - 1);
    }

    /** The state root after block {@code height} (0: genesis). */
    public Hash stateRoot(long height) {
        return roots.get((int) height);
    }

    public Hash stateRoot() {
        return roots.get(roots.size() - 1);
    }

    public Block proposeBlock(long height, long timestampMillis, Optional<QuorumCertificate> parentQc) {
        List<Commitment> pending = pool.stream().filter(c -> !included.contains(c.id())).toList();
        int take = pending.isEmpty() ? 0 : random.nextInt(Math.min(3, pending.size()) + 1);
        int start = pending.isEmpty() ? 0 : random.nextInt(pending.size());
        List<Commitment> chosen = new ArrayList<>();
        for (int i = 0; i < take; i++) {
            chosen.add(pending.get((start + i) % pending.size()));
        }
        return make(height, timestampMillis, parentQc, chosen, BlockKind.NORMAL);
    }

    public Block proposeGeneratorChange(long height, long timestampMillis, Optional<QuorumCertificate> parentQc) {
        String json = parametersFor(height).withGenerator(key.publicKey()).toJson();
        Commitment c = Commitment.sign(key, parametersFor(height).chainId(), height,
                new Payloads.NetworkParametersUpdate(json));
        return make(height, timestampMillis, parentQc, List.of(c), BlockKind.SPECIAL);
    }

    private Block make(long height, long ts, Optional<QuorumCertificate> parentQc, List<Commitment> cs, BlockKind kind) {
        Hash root = corrupt ? Hash.of(new byte[] {1}) : rootAfter(stateRoot(), cs);
        BlockHeader h = new BlockHeader(parametersFor(height).chainId(), BlockHeight.of(height), head().hash(),
                Timestamp.ofMillis(ts), key.publicKey(), parametersHashFor(height), Block.certificateHash(parentQc),
                Block.commitmentsRoot(cs), root, kind);
        return Block.signed(key, h, parentQc, cs);
    }

    private static Hash rootAfter(Hash parent, List<Commitment> cs) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(parent.unsafeBytes());
        cs.forEach(c -> parts.add(c.id().unsafeBytes()));
        return Hash.of(parts.toArray(new byte[0][]));
    }

    public boolean namesGenerator(Block block, PublicKey proposer) {
        return block.header().kind() == BlockKind.SPECIAL && block.commitments().size() == 1
                && block.commitments().get(0).payload() instanceof Payloads.NetworkParametersUpdate u
                && u.json().equals(parametersFor(block.height()).withGenerator(proposer).toJson());
    }

    /**
     * The node's block rules ({@link BlockRules#checkOnHead}, shared with the node's chain), then
     * this stand-in's effects: no commitment twice, a special block carries one valid parameters
     * document, and the state root this application computes.
     */
    public Optional<Refusal> validate(Block block, long nowMillis) {
        ChainHead head = head();
        BlockRules.Head on = new BlockRules.Head(head.height(), head.hash(), head.timestampMillis());
        Optional<Refusal> refused = blockRules.checkOnHead(block, on, parametersFor(block.height()),
                parametersFor(Math.max(1, head.height())), nowMillis); // at genesis no certificate is checked
        if (refused.isPresent()) {
            return refused;
        }
        if (block.commitments().stream().anyMatch(c -> included.contains(c.id()))) {
            return Optional.of(Refusal.of(Reason.INVALID_COMMITMENT, "a commitment is already on chain"));
        }
        if (block.header().kind() == BlockKind.SPECIAL) {
            if (!(block.commitments().get(0).payload() instanceof Payloads.NetworkParametersUpdate u)) {
                return Optional.of(Refusal.of(Reason.INVALID_COMMITMENT, "a special block here carries one parameters document"));
            }
            try {
                ParametersJson.parse(u.json());
            } catch (RuntimeException e) {
                return Optional.of(Refusal.of(Reason.INVALID_COMMITMENT, "invalid parameters: " + e.getMessage()));
            }
        }
        if (!block.header().stateRoot().equals(rootAfter(stateRoot(), block.commitments()))) {
            return Optional.of(Refusal.of(Reason.STATE_ROOT_MISMATCH, "state root mismatch"));
        }
        return Optional.empty();
    }

    public void commit(Block block, QuorumCertificate qc) {
        if (block.height() != height() + 1 || !block.header().parentHash().equals(head().hash())) {
            throw new IllegalStateException("commit out of order at " + block.height());
        }
        blocks.add(block);
        certificates.add(qc);
        roots.add(rootAfter(stateRoot(), block.commitments()));
        block.commitments().forEach(c -> included.add(c.id()));
        if (block.header().kind() == BlockKind.SPECIAL
                && block.commitments().get(0).payload() instanceof Payloads.NetworkParametersUpdate u) {
            setParams(block.height() + 1, ParametersJson.parse(u.json()));
        }
    }
}
