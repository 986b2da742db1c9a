package io.bourse.consensus;

import io.bourse.consensus.sim.SimApplication;
import io.bourse.consensus.sim.SimSetup;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** A hand-driven network for unit tests: FIFO delivery, timers fired on demand, a filter for drops. */
final class TestNet {
    record Envelope(int from, int to, ConsensusMessage message) {
    }

    static final class Node {
        final int index;
        final KeyPair key;
        final SimApplication app;
        final SigningJournal.InMemory journal = new SigningJournal.InMemory();
        ConsensusEngine engine;
        final List<Effect> effects = new ArrayList<>();
        final List<Effect.SetTimer> timers = new ArrayList<>();
        boolean down;

        Node(int index, KeyPair key, SimApplication app, ConsensusEngine.Flaw flaw) {
            this.index = index;
            this.key = key;
            this.app = app;
            this.engine = new ConsensusEngine(key, app, journal, VERIFIER, flaw);
        }

        <T extends Effect> List<T> effects(Class<T> type) {
            return effects.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static final SignatureVerifier VERIFIER = SignatureVerifier.caching(SignatureVerifier.ED25519);
    final NetworkParameters params;
    final List<Node> nodes = new ArrayList<>();
    final Deque<Envelope> queue = new ArrayDeque<>();
    long now = 0;

    TestNet(int signers, int observers) {
        this(signers, observers, ConsensusEngine.Flaw.NONE);
    }

    TestNet(int signers, int observers, ConsensusEngine.Flaw flaw) {
        List<KeyPair> keys = SimSetup.keys(0, signers);
        params = SimSetup.params(keys, SimSetup.bftMinimumSigners(signers), 1000, 2000);
        for (int i = 0; i < signers + observers; i++) {
            KeyPair k = SimSetup.key(i);
            nodes.add(new Node(i, k, new SimApplication(k, params, 0, SimSetup.pool(), VERIFIER, i), flaw));
        }
        for (Node n : nodes) {
            apply(n, n.engine.handle(new Input.Start(now)));
        }
    }

    Node node(int i) {
        return nodes.get(i);
    }

    void apply(Node n, List<Effect> effects) {
        n.effects.addAll(effects);
        for (Effect e : effects) {
            switch (e) {
                case Effect.Broadcast b -> nodes.stream().filter(m -> m != n)
                        .forEach(m -> queue.add(new Envelope(n.index, m.index, b.message())));
                case Effect.SendTo s -> nodes.stream().filter(m -> m.key.publicKey().equals(s.peer()))
                        .forEach(m -> queue.add(new Envelope(n.index, m.index, s.message())));
                case Effect.SetTimer t -> n.timers.add(t);
                default -> {
                }
            }
        }
    }

    List<Effect> send(int from, int to, ConsensusMessage m) {
        Node n = node(to);
        List<Effect> effects = n.engine.handle(new Input.MessageReceived(node(from).key.publicKey(), m, now));
        apply(n, effects);
        return effects;
    }

    void deliverAll() {
        deliverAll(e -> true);
    }

    /** Delivers queued messages (and what they cause) until none is left; refused ones are dropped. */
    void deliverAll(Predicate<Envelope> pass) {
        while (!queue.isEmpty()) {
            Envelope e = queue.poll();
            if (pass.test(e) && !node(e.from()).down && !node(e.to()).down) {
                send(e.from(), e.to(), e.message());
            }
        }
    }

    /** Fires node i's timer of this kind for its current height and round, advancing the clock to it. */
    List<Effect> fire(int i, TimerKind kind) {
        Node n = node(i);
        Effect.SetTimer t = n.timers.stream().filter(x -> x.kind() == kind && x.height() == n.engine.height()
                && x.round() == n.engine.round()).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + kind + " timer at node " + i));
        now = Math.max(now, t.atMillis());
        List<Effect> effects = n.engine.handle(new Input.TimerFired(kind, t.height(), t.round(), now));
        apply(n, effects);
        return effects;
    }

    /** Times out the current round on every running signer. */
    void timeoutAll() {
        for (Node n : nodes) {
            if (!n.down && n.engine.status().signer()) {
                fire(n.index, TimerKind.ROUND_TIMEOUT);
            }
        }
    }

    /** The generator's block falls due and everything is delivered. */
    void produceBlock() {
        int gen = indexOf(node(0).app.parametersFor(node(0).engine.height()).blockGenerator());
        fire(gen, TimerKind.BLOCK_DUE);
        deliverAll();
    }

    int indexOf(io.bourse.core.types.PublicKey k) {
        for (Node n : nodes) {
            if (n.key.publicKey().equals(k)) {
                return n.index;
            }
        }
        throw new AssertionError("unknown key");
    }

    /** A crash and restart: a new engine over the same chain and journal. */
    void restart(int i) {
        Node n = node(i);
        n.engine = new ConsensusEngine(n.key, n.app, n.journal, VERIFIER);
        n.timers.clear();
        apply(n, n.engine.handle(new Input.Start(now)));
    }
}
