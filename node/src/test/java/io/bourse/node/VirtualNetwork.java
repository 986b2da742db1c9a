package io.bourse.node;

import io.bourse.config.HostPort;
import io.bourse.config.NodeConfig;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Timestamp;
import io.bourse.node.net.Channels;
import io.bourse.node.net.Transport;
import io.bourse.storage.MemoryKeyValueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Whole production nodes on one {@link VirtualTime}: the signers and observers of a fresh chain,
 * over a {@link LocalNetwork} whose latencies (1 to 50 ms) come from a seeded random, each node
 * with an in-memory store, no HTTP API, and its consensus, admission and sync-server threads as
 * lanes of the clock. Keys, genesis and latencies all follow from the seed, so two networks built
 * with the same seed and driven the same way make the same blocks at the same virtual times.
 *
 * <p>Nodes 0 … signers−1 are the signers (node 0 the first generator), the rest observers. Start
 * signers before observers: a node links only to members already able to authorize it.
 */
final class VirtualNetwork implements AutoCloseable {
    static final ChainId CHAIN = ChainId.of("virtual");
    static final long GENESIS_MILLIS = 1_700_000_000_000L;

    final VirtualTime time = new VirtualTime(GENESIS_MILLIS);
    final KeyPair investor;
    private final LocalNetwork network;
    private final Path dir;
    private final List<KeyPair> keys = new ArrayList<>();
    private final Node[] nodes;
    private final KeyPair wallet;
    private Transport walletLink;
    private final List<String> trace = new ArrayList<>();

    VirtualNetwork(Path dir, long seed, int signers, int observers, long blockTimeMillis) throws IOException {
        Random random = new Random(seed);
        this.dir = dir;
        this.nodes = new Node[signers + observers];
        for (int i = 0; i < nodes.length; i++) {
            keys.add(key(random));
        }
        KeyPair coinOperator = key(random);
        this.investor = key(random);
        this.wallet = key(random);
        this.network = new LocalNetwork(time.inboxes(random, 1, 50));
        var params = DefaultParameters.of(CHAIN, blockTimeMillis,
                keys.subList(0, signers).stream().map(KeyPair::publicKey).toList(), List.of(), coinOperator.publicKey());
        Genesis genesis = new Genesis(CHAIN, Timestamp.ofMillis(GENESIS_MILLIS), params,
                List.of(new Genesis.Allocation(investor.address(), Amount.ofWhole(1_000))));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson());
        for (int i = 0; i < nodes.length; i++) {
            Files.createDirectories(dir.resolve(name(i)));
            KeyFile.write(dir.resolve(name(i)).resolve("node.key"), keys.get(i), Optional.empty());
        }
    }

    private static KeyPair key(Random random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return KeyPair.fromSeed(seed);
    }

    private static String name(int i) {
        return "node-" + i;
    }

    /** Starts every node, signers first. */
    VirtualNetwork startAll() throws Exception {
        for (int i = 0; i < nodes.length; i++) {
            start(i);
        }
        return this;
    }

    /** Starts node i on virtual time (again, after {@link #kill}, with a fresh store). */
    Node start(int i) throws Exception {
        Path d = dir.resolve(name(i));
        NodeConfig config = new NodeConfig(name(i), d.resolve("data"), d.resolve("node.key"), dir.resolve("genesis.json"),
                new HostPort("127.0.0.1", 0), List.of(), 32, new HostPort("127.0.0.1", 0), 1 << 20, false, 10_000, 256,
                8L << 20);
        String lane = name(i) + " ";
        NodeOptions options = new NodeOptions(network.factory(), thread -> time.lane(lane + thread),
                (thread, capacity) -> time.lane(lane + thread).asWorker(capacity), time::nowNanos,
                c -> new MemoryKeyValueStore(), false, io.bourse.vm.ContractSandbox::new);
        Node n = new Node(config, options);
        nodes[i] = n;
        n.chain().onCommit((b, qc) -> trace.add(time.nowMillis() + " " + name(i) + " " + b.height() + " " + b.hash()));
        return n;
    }

    /** Closes node i, as a crash would stop it (its queued work is dropped). */
    void kill(int i) {
        nodes[i].close();
        nodes[i] = null;
    }

    Node node(int i) {
        return nodes[i];
    }

    PublicKey key(int i) {
        return keys.get(i).publicKey();
    }

    /** The running nodes' indexes. */
    List<Integer> running() {
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                up.add(i);
            }
        }
        return up;
    }

    /** The lowest height among the running nodes. */
    long minHeight() {
        return running().stream().mapToLong(i -> nodes[i].chain().height()).min().orElse(0);
    }

    /**
     * Gossips a commitment to every running node, as a wallet connected to each as an observer
     * would (its first call connects the wallet, so call it after the nodes started).
     */
    void gossip(Commitment c) {
        if (walletLink == null) {
            walletLink = network.factory().open(wallet, CHAIN, peer -> true, new Transport.Listener() {
                @Override
                public void onMessage(PublicKey from, int channel, byte[] payload) {
                }

                @Override
                public void onConnected(PublicKey peer) {
                }

                @Override
                public void onDisconnected(PublicKey peer) {
                }
            });
        }
        walletLink.broadcast(Channels.COMMITMENT, c.toBytes());
    }

    /** Every block committed so far, one line each: virtual time, node, height, hash. */
    List<String> trace() {
        return List.copyOf(trace);
    }

    @Override
    public void close() {
        if (walletLink != null) {
            walletLink.close();
        }
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                kill(i);
            }
        }
    }
}
