package io.bourse.consensus;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.ConsensusMessage.RoundChange;
import io.bourse.consensus.ConsensusMessage.Signed;
import io.bourse.core.block.Block;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The messages of one height, for every round: the first signed message of each kind per
 * (round, sender) — a different second one is equivocation — the blocks seen by hash, and what
 * this node did in each round. Sorted maps only, so iteration order is the same on every node.
 */
final class HeightState {
    enum Seen { NEW, DUPLICATE, CONFLICT }

    private final TreeMap<Integer, Proposal> proposals = new TreeMap<>();
    private final TreeMap<Integer, TreeMap<PublicKey, Prepare>> prepares = new TreeMap<>();
    private final TreeMap<Integer, TreeMap<PublicKey, Commit>> commits = new TreeMap<>();
    private final TreeMap<Integer, TreeMap<PublicKey, RoundChange>> roundChanges = new TreeMap<>();
    private final TreeMap<Hash, Block> blocks = new TreeMap<>();
    private final TreeSet<Hash> validated = new TreeSet<>();
    /** Round → the block this node prepared in it. */
    private final TreeMap<Integer, Block> accepted = new TreeMap<>();
    private final TreeSet<Integer> committedRounds = new TreeSet<>();
    private final TreeSet<Integer> proposedRounds = new TreeSet<>();
    private final TreeMap<PublicKey, TreeSet<Integer>> helpedPeers = new TreeMap<>();
    private final TreeSet<Hash> rejected = new TreeSet<>();

    /** Records a verified message; tells whether it is new, a repeat, or conflicts with the first one. */
    Seen record(Signed m) {
        return switch (m) {
            case Proposal p -> put(proposals, p.round(), p, proposals.get(p.round()),
                    old -> old.sender().equals(p.sender()) && !old.block().hash().equals(p.block().hash()));
            case Prepare p -> putVote(prepares, p, old -> !old.blockHash().equals(p.blockHash()));
            case Commit c -> putVote(commits, c, old -> !old.blockHash().equals(c.blockHash()));
            case RoundChange rc -> putVote(roundChanges, rc, old -> false);
        };
    }

    private static <M> Seen put(TreeMap<Integer, M> map, int round, M m, M old, java.util.function.Predicate<M> conflicts) {
        if (old == null) {
            map.put(round, m);
            return Seen.NEW;
        }
        return conflicts.test(old) ? Seen.CONFLICT : Seen.DUPLICATE;
    }

    private static <M extends Signed> Seen putVote(TreeMap<Integer, TreeMap<PublicKey, M>> map, M m,
                                                   java.util.function.Predicate<M> conflicts) {
        TreeMap<PublicKey, M> byRound = map.computeIfAbsent(m.round(), r -> new TreeMap<>());
        M old = byRound.get(m.sender());
        if (old == null) {
            byRound.put(m.sender(), m);
            return Seen.NEW;
        }
        return conflicts.test(old) ? Seen.CONFLICT : Seen.DUPLICATE;
    }

    /** The first signed message of the same kind, round and sender as {@code m}. */
    Optional<Signed> first(Signed m) {
        return Optional.ofNullable(switch (m) {
            case Proposal p -> proposals.get(p.round());
            case Prepare p -> votes(prepares, p.round()).get(p.sender());
            case Commit c -> votes(commits, c.round()).get(c.sender());
            case RoundChange rc -> votes(roundChanges, rc.round()).get(rc.sender());
        });
    }

    private static <M> TreeMap<PublicKey, M> votes(TreeMap<Integer, TreeMap<PublicKey, M>> map, int round) {
        return map.getOrDefault(round, new TreeMap<>());
    }

    Optional<Proposal> proposal(int round) {
        return Optional.ofNullable(proposals.get(round));
    }

    List<Prepare> prepares(int round, Hash hash) {
        return votes(prepares, round).values().stream().filter(p -> p.blockHash().equals(hash)).toList();
    }

    List<Commit> commits(int round, Hash hash) {
        return votes(commits, round).values().stream().filter(c -> c.blockHash().equals(hash)).toList();
    }

    /** Every (round, hash) that has commits, in order. */
    List<Commit> allCommits() {
        List<Commit> out = new ArrayList<>();
        commits.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    TreeMap<PublicKey, RoundChange> roundChanges(int round) {
        return votes(roundChanges, round);
    }

    /** Each signer's highest round-change target above {@code round}, highest first. */
    List<Integer> highestRoundsAbove(int round) {
        TreeMap<PublicKey, Integer> best = new TreeMap<>();
        roundChanges.tailMap(round, false).forEach((r, bySender) -> bySender.keySet().forEach(s -> best.merge(s, r, Math::max)));
        return best.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
    }

    void addBlock(Block b, boolean valid) {
        blocks.putIfAbsent(b.hash(), b);
        if (valid) {
            validated.add(b.hash());
        }
    }

    Optional<Block> block(Hash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    boolean isValidated(Hash hash) {
        return validated.contains(hash);
    }

    void accept(int round, Block block) {
        accepted.put(round, block);
        addBlock(block, true);
    }

    Optional<Block> accepted(int round) {
        return Optional.ofNullable(accepted.get(round));
    }

    boolean markCommitted(int round) {
        return committedRounds.add(round);
    }

    boolean committed(int round) {
        return committedRounds.contains(round);
    }

    void reject(Hash hash) {
        rejected.add(hash);
    }

    boolean rejected(Hash hash) {
        return rejected.contains(hash);
    }

    boolean markProposed(int round) {
        return proposedRounds.add(round);
    }

    boolean proposed(int round) {
        return proposedRounds.contains(round);
    }

    /** True the first time for this peer and this round of its: a lagging peer is helped once per round it tries. */
    boolean helpOnce(PublicKey peer, int round) {
        return helpedPeers.computeIfAbsent(peer, k -> new TreeSet<>()).add(round);
    }

    /** Signers heard from in {@code round}, in any phase. */
    TreeSet<PublicKey> heard(int round) {
        TreeSet<PublicKey> out = new TreeSet<>();
        out.addAll(votes(prepares, round).keySet());
        out.addAll(votes(commits, round).keySet());
        out.addAll(votes(roundChanges, round).keySet());
        Proposal p = proposals.get(round);
        if (p != null) {
            out.add(p.sender());
        }
        return out;
    }

    TreeSet<PublicKey> preparedBy(int round) {
        return new TreeSet<>(votes(prepares, round).keySet());
    }

    TreeSet<PublicKey> committedBy(int round) {
        return new TreeSet<>(votes(commits, round).keySet());
    }
}
