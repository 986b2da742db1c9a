package io.bourse.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.config.HostPort;
import io.bourse.config.NodeConfig;
import io.bourse.core.codec.Hex;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.testing.Await;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import io.bourse.storage.ChainStore;
import io.bourse.storage.RocksKeyValueStore;
import io.bourse.storage.RocksOptions;
import io.bourse.storage.StateRootFunction;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One suite, two transports (issue 7): five in-JVM nodes, each with its own RocksDB directory,
 * run the production node code over the real Netty transport on loopback ({@link NettyNetworkIT},
 * ports bound to 0) and over an in-memory one ({@link LocalNetworkIT}).
 * // covers: C2, C3, C4, C11, O3
 */
abstract class SmallNetworkContract {
    static final ChainId CHAIN = ChainId.of("network-it");
    @TempDir
    Path dir;
    final List<KeyPair> keys = new ArrayList<>();
    final Node[] nodes = new Node[5];
    final NodeConfig[] configs = new NodeConfig[5];
    KeyPair investor;
    Node observer;

    @AfterEach
    void stopAll() {
        if (observer != null) {
            observer.close();
        }
        for (Node n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }

    void setUpNetwork() throws Exception {
        for (int i = 0; i < 6; i++) {
            keys.add(KeyPair.generate());
        }
        investor = KeyPair.generate();
        var params = DefaultParameters.of(CHAIN, 400, keys.subList(0, 4).stream().map(KeyPair::publicKey).toList(),
                List.of(keys.get(4).publicKey()), keys.get(5).publicKey());
        Genesis g = new Genesis(CHAIN, Timestamp.ofMillis(System.currentTimeMillis()), params,
                List.of(new Genesis.Allocation(investor.address(), Amount.ofWhole(1000))));
        Path genesis = dir.resolve("genesis.json");
        Files.writeString(genesis, g.toJson());
        for (int i = 0; i < 5; i++) {
            Path d = dir.resolve("node-" + i);
            Files.createDirectories(d);
            KeyFile.write(d.resolve("node.key"), keys.get(i), Optional.empty());
            configs[i] = config(i, d.resolve("data"));
            nodes[i] = start(configs[i]);
        }
        for (int i = 0; i < 5; i++) {
            connect(i);
        }
    }

    NodeConfig config(int i, Path dataDir) {
        Path d = dir.resolve("node-" + i);
        return new NodeConfig("node-" + i, dataDir, d.resolve("node.key"), dir.resolve("genesis.json"),
                new HostPort("127.0.0.1", 0), List.of(), 32, new HostPort("127.0.0.1", 0), 1 << 20, false, 10_000, 256,
                8L << 20);
    }

    /** Starts a node over this suite's transport. */
    abstract Node start(NodeConfig config) throws Exception;

    /** Connects node i to the others (Netty dials their ports; in memory this is implicit). */
    void connect(int i) {
        for (int j = 0; j < 5; j++) {
            if (j != i && nodes[j] != null) {
                nodes[i].connectTo(new InetSocketAddress("127.0.0.1", nodes[j].p2pPort()));
            }
        }
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Await.until(what, limit, done);
    }

    long minHeight(int... which) {
        long min = Long.MAX_VALUE;
        for (int i : which) {
            min = Math.min(min, nodes[i].chain().height());
        }
        return min;
    }

    @Test
    void fiveNodesFinaliseBlocksAndAStoppedSignerCatchesUp() throws Exception {
        setUpNetwork();
        await("height 4 everywhere", Duration.ofSeconds(60), () -> minHeight(0, 1, 2, 3, 4) >= 4);

        // a transfer through the API of a signer becomes final everywhere
        KeyPair to = KeyPair.generate();
        Commitment t = Commitment.sign(investor, CHAIN, 0, new Payloads.Transfer(to.address(), TokenId.COIN, Amount.ofWhole(7)));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nodes[2].apiPort() + "/v1/commitments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"encoded\":\"" + Hex.encode(t.toBytes()) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        for (Node n : nodes) {
            await("transfer final", Duration.ofSeconds(30), () -> n.chain().store().locate(t.id()).isPresent());
            Amount balance = n.chain().readState(s -> LedgerState.balance(s, to.address(), TokenId.COIN));
            assertThat(balance).isEqualTo(Amount.ofWhole(7));
        }

        // one signer stops for a while; the other three (a quorum) go on; it catches up after restart
        nodes[3].close();
        long stoppedAt = nodes[3].chain().height();
        nodes[3] = null;
        await("progress without signer 3", Duration.ofSeconds(60), () -> minHeight(0, 1, 2) >= stoppedAt + 8);
        nodes[3] = start(configs[3]);
        connect(3);
        long target = minHeight(0, 1, 2);
        await("signer 3 caught up", Duration.ofSeconds(60), () -> nodes[3].chain().height() >= target + 2);
        long h = nodes[3].chain().height() - 1;
        assertThat(nodes[3].chain().store().block(h).orElseThrow().hash())
                .isEqualTo(nodes[0].chain().store().block(h).orElseThrow().hash());
    }

    @Test
    void aNodeStartedFromASnapshotContinuesTheChainWithTheSameStateRoot() throws Exception { // covers: O3
        setUpNetwork();
        await("height 4 everywhere", Duration.ofSeconds(60), () -> minHeight(0, 1, 2, 3, 4) >= 4);
        nodes[4].close();
        nodes[4] = null;
        Path snapshot = dir.resolve("state.snapshot");
        try (RocksKeyValueStore kv = RocksKeyValueStore.open(configs[4].dataDir().resolve("db"), RocksOptions.small())) {
            new ChainStore(kv).exportSnapshot(snapshot);
        }
        configs[4] = config(4, dir.resolve("node-4").resolve("fresh-data"));
        Files.createDirectories(configs[4].dataDir());
        long base;
        try (RocksKeyValueStore kv = RocksKeyValueStore.open(configs[4].dataDir().resolve("db"), RocksOptions.small())) {
            base = new ChainStore(kv).importSnapshot(snapshot, StateRootFunction.MERKLE).height();
        }
        nodes[4] = start(configs[4]);
        connect(4);
        await("the imported node follows", Duration.ofSeconds(60), () -> nodes[4].chain().height() >= base + 5);
        long h = nodes[4].chain().height();
        await("the others reach it", Duration.ofSeconds(30), () -> minHeight(0) >= h);
        assertThat(nodes[4].chain().store().block(h).orElseThrow().header().stateRoot())
                .isEqualTo(nodes[0].chain().store().block(h).orElseThrow().header().stateRoot());
    }

    @Test
    void anObserverStartedFromTheGenesisAndThePeerListFollowsTheChain() throws Exception { // covers: C4, C11
        setUpNetwork();
        await("height 3 everywhere", Duration.ofSeconds(60), () -> minHeight(0, 1, 2, 3, 4) >= 3);
        // a key the parameters do not name: an investor's or an explorer's node
        Path d = dir.resolve("observer");
        Files.createDirectories(d);
        KeyFile.write(d.resolve("node.key"), KeyPair.generate(), Optional.empty());
        List<HostPort> peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            peers.add(new HostPort("127.0.0.1", nodes[i].p2pPort()));
        }
        observer = start(new NodeConfig("observer", d.resolve("data"), d.resolve("node.key"), dir.resolve("genesis.json"),
                new HostPort("127.0.0.1", 0), peers, 32, new HostPort("127.0.0.1", 0), 1 << 20, false, 10_000, 256,
                8L << 20));
        long target = minHeight(0) + 3;
        await("the observer follows the chain", Duration.ofSeconds(60), () -> observer.chain().height() >= target);
        long h = observer.chain().height();
        await("the signers reach it", Duration.ofSeconds(30), () -> minHeight(0) >= h);
        assertThat(observer.chain().store().block(h).orElseThrow().hash())
                .isEqualTo(nodes[0].chain().store().block(h).orElseThrow().hash());
        assertThat(observer.chain().store().block(1).orElseThrow().hash()).as("caught up from genesis")
                .isEqualTo(nodes[0].chain().store().block(1).orElseThrow().hash());
    }
}
