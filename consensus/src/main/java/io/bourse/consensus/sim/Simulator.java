package io.bourse.consensus.sim;

import io.bourse.consensus.ConsensusMessage;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.Effect;
import io.bourse.consensus.Input;
import io.bourse.consensus.Rules;
import io.bourse.consensus.TimerKind;
import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic simulation of the real {@link io.bourse.consensus.ConsensusEngine}s of 4–7
 * signers and some observers under a simulated clock and network (docs/consensus.md, "Simulation").
 * Everything random comes from the seed, so {@link #run(long)} with the same seed replays the same
 * run event for event. Safety is checked after every event that commits a block; liveness once
 * the faults stop: every running honest node must gain two heights within {@link #livenessBound}.
 */
public final class Simulator {
    static final long MAX_EVENTS = 400_000;
    private static final int TRACE = 80;

    private record Event(long time, long seq, Object what) {
    }

    private record Deliver(int to, PublicKey from, ConsensusMessage message) {
    }

    private record Timer(int node, int incarnation, TimerKind kind, long height, int round) {
    }

    private record Synced(int node, int incarnation, Block block, QuorumCertificate certificate) {
    }

    private record Crash(int node, boolean permanent) {
    }

    private record Restart(int node) {
    }

    private final long seed;
    private final Scenario sc;
    private final SplittableRandom rnd;
    private final NetworkParameters genesis;
    private final Rules rules;
    private final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final ArrayDeque<Event> trace = new ArrayDeque<>();
    private final TreeMap<Long, Hash> finals = new TreeMap<>();
    private final TreeMap<Long, Hash> roots = new TreeMap<>();
    private final java.util.TreeSet<Integer> permanentlyDown = new java.util.TreeSet<>();
    private long seq;
    private long now;
    private long events;
    private long evidence;
    /** What honest and faulty nodes refused, by reason code (sorted, for a stable summary). */
    private final java.util.TreeMap<String, Integer> refusals = new java.util.TreeMap<>();
    private Optional<String> failure = Optional.empty();
    private boolean healed;

    private Simulator(long seed) {
        this.seed = seed;
        this.sc = Scenario.random(seed);
        this.rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        SignatureVerifier verifier = SignatureVerifier.caching(SignatureVerifier.ED25519);
        this.rules = new Rules(verifier);
        this.genesis = SimSetup.params(SimSetup.keys(0, sc.signers()), sc.minimumSigners(), sc.blockMillis(),
                sc.roundChangeMillis());
        for (int i = 0; i < sc.signers() + sc.observers(); i++) {
            nodes.add(new SimNode(i, SimSetup.key(i), genesis, verifier, sc.byzantine().get(i), seed * 31 + i));
        }
        sc.byzantine().forEach((i, b) -> {
            if (b == Scenario.Behaviour.TWIN) {
                nodes.add(new SimNode(nodes.size(), SimSetup.key(i), genesis, verifier, b, seed * 37 + i));
            }
        });
    }

    /** Runs one seed to its end and reports the first violation, if any. */
    public static SimulationResult run(long seed) {
        return new Simulator(seed).execute();
    }

    /** After the faults stop: every honest node gains two heights within this many milliseconds. */
    public static long livenessBound(NetworkParameters p, long maxDelay) {
        long capped = Rules.roundTimeout(p, Rules.BACKOFF_CAP_EXPONENT + 1);
        return (p.faultTolerance() + 3L) * (capped + 50 * maxDelay) + 4L * (p.blockGenerationTimeMillis() + p.roundChangeTimeoutMillis());
    }

    private SimulationResult execute() {
        for (SimNode n : nodes) {
            feed(n, new Input.Start(0));
        }
        for (Scenario.Crash c : sc.crashes()) {
            schedule(c.atMillis(), new Crash(c.node(), false));
            schedule(Math.min(c.restartMillis(), sc.faultsEndMillis()), new Restart(c.node()));
        }
        long h0 = -1;
        long end = Long.MAX_VALUE;
        while (!queue.isEmpty() && failure.isEmpty()) {
            Event e = queue.poll();
            now = e.time;
            if (!healed && now >= sc.faultsEndMillis()) {
                healed = true;
                h0 = honestNodes().stream().mapToLong(n -> n.app.height()).max().orElse(0);
                end = now + livenessBound(genesis, sc.maxDelay());
            }
            if (now > end) {
                break;
            }
            if (++events > MAX_EVENTS) {
                fail("event budget of " + MAX_EVENTS + " exceeded");
                break;
            }
            remember(e);
            step(e.what);
            if (healed && liveOnAllHonest(h0 + 2)) {
                break;
            }
        }
        if (failure.isEmpty() && (!healed || !liveOnAllHonest(h0 + 2))) {
            long target = h0 + 2;
            fail("liveness: not every running honest node reached height " + target + " within "
                    + livenessBound(genesis, sc.maxDelay()) + "ms after the faults stopped at " + sc.faultsEndMillis()
                    + "ms; heights " + heights());
        }
        long views = nodes.stream().mapToLong(n -> n.engine.status().viewChanges()).sum();
        return new SimulationResult(seed, sc.describe(), failure, heights(), events, views, evidence, refusals,
                failure.isPresent() ? trace.stream().map(e -> "t=" + e.time + " " + describe(e.what)).toList() : List.of());
    }

    private List<SimNode> honestNodes() {
        return nodes.stream().filter(n -> n.honest() && n.up).toList();
    }

    private boolean liveOnAllHonest(long target) {
        return honestNodes().stream().allMatch(n -> n.app.height() >= target);
    }

    private List<Long> heights() {
        return nodes.stream().map(n -> n.app.height()).toList();
    }

    private void step(Object what) {
        switch (what) {
            case Deliver d -> {
                SimNode n = nodes.get(d.to());
                if (n.up) {
                    feed(n, new Input.MessageReceived(d.from(), d.message(), now));
                }
            }
            case Timer t -> {
                SimNode n = nodes.get(t.node());
                if (n.up && n.incarnation == t.incarnation()) {
                    feed(n, new Input.TimerFired(t.kind(), t.height(), t.round(), now));
                }
            }
            case Synced s -> {
                SimNode n = nodes.get(s.node());
                if (n.up && n.incarnation == s.incarnation()) {
                    feed(n, new Input.BlockSynced(s.block(), s.certificate(), now));
                }
            }
            case Crash c -> {
                SimNode n = nodes.get(c.node());
                if (c.permanent()) {
                    permanentlyDown.add(c.node());
                }
                n.crash();
            }
            case Restart r -> {
                SimNode n = nodes.get(r.node());
                if (!n.up && !permanentlyDown.contains(r.node())) {
                    n.restart();
                    feed(n, new Input.Start(now));
                }
            }
            default -> throw new IllegalStateException("unknown event " + what);
        }
    }

    private void feed(SimNode n, Input in) {
        List<Effect> effects = n.engine.handle(in);
        List<Integer> reach = null; // set when the generator crashes mid-round
        for (Effect e : effects) {
            switch (e) {
                case Effect.Broadcast b -> {
                    if (reach == null && crashesNow(n, b.message())) {
                        reach = pick(sc.generatorCrashReach(), n.index);
                        schedule(now, new Crash(n.index, true));
                    }
                    broadcast(n, b.message(), reach);
                }
                case Effect.SendTo s -> {
                    for (SimNode m : nodes) {
                        if (m != n && m.key.publicKey().equals(s.peer())) {
                            send(n, m.index, s.message());
                        }
                    }
                }
                case Effect.SetTimer t -> schedule(Math.max(now, t.atMillis()),
                        new Timer(n.index, n.incarnation, t.kind(), t.height(), t.round()));
                case Effect.Committed c -> checkSafety(n, c.block(), c.certificate());
                case Effect.SyncRequest r -> serveSync(n, r.fromHeight());
                case Effect.EvidenceFound ev -> {
                    evidence++;
                    boolean honestOffender = nodes.stream().anyMatch(m -> m.key.publicKey().equals(ev.evidence().offender()))
                            && nodes.stream().filter(m -> m.key.publicKey().equals(ev.evidence().offender())).allMatch(SimNode::honest);
                    if (honestOffender) {
                        fail("an honest signer equivocated: " + ev.evidence().describe());
                    }
                }
                case Effect.Stalled s -> {
                }
                case Effect.Refused r -> refusals.merge(r.refusal().reason().code(), 1, Integer::sum);
                case Effect.Warning w -> {
                }
            }
        }
    }

    private boolean crashesNow(SimNode n, ConsensusMessage m) {
        return m instanceof Proposal p && p.round() == 0 && p.height() == sc.generatorCrashHeight() && n.honest()
                && !healed;
    }

    /** {@code count} distinct node indices other than {@code except}. */
    private List<Integer> pick(int count, int except) {
        List<Integer> all = new ArrayList<>();
        for (SimNode m : nodes) {
            if (m.index != except) {
                all.add(m.index);
            }
        }
        List<Integer> out = new ArrayList<>();
        while (out.size() < Math.min(count, all.size())) {
            out.add(all.remove(rnd.nextInt(all.size())));
        }
        return out;
    }

    private void broadcast(SimNode n, ConsensusMessage m, List<Integer> reach) {
        if (n.behaviour == Scenario.Behaviour.SILENT
                && (m instanceof ConsensusMessage.Prepare || m instanceof ConsensusMessage.Commit)) {
            return;
        }
        ConsensusMessage other = m;
        if (n.behaviour == Scenario.Behaviour.EQUIVOCATING_PROPOSER && m instanceof Proposal p && p.round() == 0) {
            Block b = n.app.proposeBlock(p.height(), p.block().header().timestamp().millis() + 1, p.block().parentCertificate());
            other = Proposal.sign(n.key, genesis.chainId(), p.height(), 0, b, List.of());
        }
        for (SimNode to : nodes) {
            if (to != n && (reach == null || reach.contains(to.index))) {
                send(n, to.index, rnd.nextBoolean() ? m : other);
            }
        }
    }

    private void send(SimNode from, int to, ConsensusMessage m) {
        if (!healed) {
            if (sc.dropPpm() > 0 && rnd.nextInt(1_000_000) < sc.dropPpm()) {
                return;
            }
            for (Scenario.Partition p : sc.partitions()) {
                if (now >= p.fromMillis() && now < p.toMillis() && p.side().contains(from.index) != p.side().contains(to)) {
                    return;
                }
            }
        }
        schedule(now + delay(), new Deliver(to, from.key.publicKey(), m));
        if (!healed && sc.duplicatePpm() > 0 && rnd.nextInt(1_000_000) < sc.duplicatePpm()) {
            schedule(now + delay(), new Deliver(to, from.key.publicKey(), m));
        }
    }

    private long delay() {
        return sc.minDelay() + rnd.nextLong(sc.maxDelay() - sc.minDelay() + 1);
    }

    /** The driver's side of catch-up: a random running honest peer sends its final blocks in order. */
    private void serveSync(SimNode n, long from) {
        List<SimNode> sources = nodes.stream().filter(m -> m != n && m.up && m.honest() && m.app.height() >= from).toList();
        if (sources.isEmpty()) {
            return;
        }
        SimNode src = sources.get(rnd.nextInt(sources.size()));
        long t = now + delay();
        for (long h = from; h <= Math.min(src.app.height(), from + 50); h++) {
            schedule(t++, new Synced(n.index, n.incarnation, src.app.block(h), src.app.certificate(h)));
        }
    }

    private void checkSafety(SimNode n, Block block, QuorumCertificate qc) {
        if (!n.honest()) {
            return;
        }
        long h = block.height();
        NetworkParameters governing = n.app.parametersFor(h);
        Hash first = finals.putIfAbsent(h, block.hash());
        if (first != null && !first.equals(block.hash())) {
            fail("two final blocks at height " + h + ": " + first + " and, at node " + n.index + ", " + block.hash());
            return;
        }
        Optional<Refusal> bad = rules.checkQuorumCertificate(qc, block, governing);
        if (bad.isPresent()) {
            fail("final block " + h + " at node " + n.index + " carries an invalid certificate: " + bad.get());
        }
        Hash root = roots.putIfAbsent(h, n.app.stateRoot(h));
        if (root != null && !root.equals(n.app.stateRoot(h))) {
            fail("state roots disagree at height " + h + " on node " + n.index);
        }
    }

    private void schedule(long at, Object what) {
        queue.add(new Event(at, seq++, what));
    }

    private void fail(String why) {
        if (failure.isEmpty()) {
            failure = Optional.of("t=" + now + "ms: " + why);
        }
    }

    private void remember(Event e) {
        if (trace.size() == TRACE) {
            trace.removeFirst();
        }
        trace.addLast(e);
    }

    private static String describe(Object what) {
        return switch (what) {
            case Deliver d -> "deliver to n" + d.to() + " from " + d.from().hex().substring(0, 8) + ": " + brief(d.message());
            case Timer t -> "timer n" + t.node() + " " + t.kind() + " h" + t.height() + " r" + t.round();
            case Synced s -> "synced n" + s.node() + " block " + s.block().height();
            default -> what.toString();
        };
    }

    private static String brief(ConsensusMessage m) {
        return switch (m) {
            case ConsensusMessage.Signed s -> m.getClass().getSimpleName() + " h" + s.height() + " r" + s.round()
                    + " by " + s.sender().hex().substring(0, 8);
            case ConsensusMessage.FinalBlock f -> "FinalBlock h" + f.height() + " " + f.block().hash().hex().substring(0, 8);
        };
    }
}
