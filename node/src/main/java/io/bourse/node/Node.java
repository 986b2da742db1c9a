package io.bourse.node;

import io.bourse.config.NodeConfig;
import io.bourse.consensus.ConsensusEngine;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.PublicKey;
import io.bourse.node.api.Api;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.ChainApplication;
import io.bourse.node.chain.Mempool;
import io.bourse.node.chain.Role;
import io.bourse.node.chain.StoredJournal;
import io.bourse.node.exec.ExecutionServer;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.node.net.Channels;
import io.bourse.node.net.CommitmentGossip;
import io.bourse.node.net.PeerRouter;
import io.bourse.node.net.SyncServer;
import io.bourse.node.net.Transport;
import io.bourse.p2p.http.HttpOptions;
import io.bourse.p2p.http.HttpServer;
import io.bourse.storage.ChainStore;
import io.bourse.storage.KeyValueStore;
import io.bourse.storage.RocksKeyValueStore;
import io.bourse.core.commitment.Commitment;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reading this constructor shows the whole node. Components are built in
 * dependency order and closed in reverse. What it does not build itself — transport, clock and
 * threads, store — comes from {@link NodeOptions} ({@link NodeOptions#production} unless a test
 * runs the node on a virtual clock).
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final NodeConfig config;
    private final KeyPair key;
    private final KeyValueStore kv;
    private final Chain chain;
    private final ConsensusDriver driver;
    private final Transport peers;
    private final HttpServer http;
    private final SyncServer syncServer;
    private final PeerRouter router;
    private final ExecutionServer executionServer;
    private final Scheduler gossipThread;

    public Node(NodeConfig config) throws Exception {
        this(config, NodeOptions.production(config));
    }

    /** A node over another transport (tests run whole networks in memory with the same code). */
    public Node(NodeConfig config, Transport.Factory transports) throws Exception {
        this(config, NodeOptions.production(config).withTransports(transports));
    }

    /** A node on the given transport, clock, threads and store; {@code options.api()} false serves no API. */
    public Node(NodeConfig config, NodeOptions options) throws Exception {
        this.config = config;
        // 1. identity and the chain's starting point
        this.key = KeyFile.read(config.keyFile(), Optional.empty());
        Genesis genesis = Genesis.parse(Files.readString(config.genesisFile()));
        LOG.info("Starting node {} ({}) on chain {}", config.name(), key.address(), genesis.chainId());
        // 2. storage from the options (production: RocksDB in the data directory)
        this.kv = options.storage().open(config);
        ChainStore store = new ChainStore(kv);
        // 3. the chain: state loaded and checked against the last block, the mempool, metrics
        NodeMetrics metrics = options.api() ? new NodeMetrics().withProcessMetrics() : new NodeMetrics();
        Mempool mempool = new Mempool(genesis.chainId(), config.mempoolMaxCommitments(), config.mempoolMaxPerSender());
        this.chain = new Chain(store, genesis, key, mempool);
        NetworkParameters params = chain.parameters();
        LOG.info("Role {} at height {}: generator {}, {} signers, quorum {}, tolerates {} faulty",
                Role.of(key.publicKey(), params).label(), chain.height(), params.blockGenerator().address(),
                params.blockSigners().size(), params.quorum(), params.faultTolerance());
        if (params.faultTolerance() == 0) {
            LOG.warn("These parameters tolerate no faulty signer (f = 0): one signer down stops the chain");
        }
        // 4. consensus: the engine behind one queue
        ConsensusEngine engine = new ConsensusEngine(key, new ChainApplication(chain),
                new StoredJournal(store));
        this.driver = new ConsensusDriver(engine, chain, metrics, key.publicKey(),
                options.schedulers().apply("consensus"));
        // 5. peers: authenticated transport; members are the keys named in the parameters in force,
        //    anyone else may follow the chain as a read-only observer (docs/protocol.md)
        this.syncServer = new SyncServer(store, metrics, options.workers().open("sync-server", Integer.MAX_VALUE));
        this.router = new PeerRouter(this::isMember, PeerRouter.ObserverPolicy.defaults(config.p2pMaxObservers()),
                driver, syncServer, mempool, chain, metrics, options.nanoClock(),
                options.workers().open("admission", PeerRouter.ADMISSION_QUEUE));
        this.peers = options.transports().open(key, genesis.chainId(), router::mayConnect, router);
        router.attach(peers);
        syncServer.attach(peers);
        driver.attach(peers);
        chain.onCommit((b, qc) -> peers.revalidate());
        // 6. the execution-server role (K6): runs the contracts assigned to this key after each block
        // what this node admitted (its clients' submissions, its own results) goes to the signers
        // in batches; whatever any node holds is offered to the generator again every few blocks
        // (at least 3 s) while it waits (Mempool.regossipDue)
        this.gossipThread = options.schedulers().apply("gossip");
        CommitmentGossip commitmentGossip = new CommitmentGossip(() -> peers, this::ordersBlocks, gossipThread);
        Consumer<Commitment> gossip = commitmentGossip::offer;
        // offered again to the generator alone: it is the one that must have a commitment for a
        // block, and five-fold fan-out of a backlog is what an overloaded network can least afford
        CommitmentGossip regossip = new CommitmentGossip(() -> peers,
                peer -> chain.parameters().blockGenerator().equals(peer), gossipThread);
        chain.onCommit((b, qc) -> mempool.regossipDue(REGOSSIP_MAX,
                Mempool.regossipBlocks(chain.parameters().blockGenerationTimeMillis())).forEach(regossip::offer));
        if (params.executionServers().contains(key.publicKey())) {
            this.executionServer = new ExecutionServer(chain, mempool, key, options.contracts().get(), gossip, metrics,
                    options.workers().open("contract-execution", 1));
            chain.onCommit((b, qc) -> executionServer.committed(b));
        } else {
            this.executionServer = null;
        }
        // 7. the API
        Api api = new Api(chain, mempool, metrics, driver::status, () -> peers.connectedPeers().size(),
                gossip, key.publicKey(), config.apiCors(),
                // the value index replays a stored chain on a thread of its own: only where the API is served
                options.api() ? java.util.Optional.of(genesis) : java.util.Optional.empty(), config.apiExplorer());
        this.http = options.api() ? HttpServer.start(config.apiListen().socketAddress(), api::handle,
                HttpOptions.defaults().withMaxBodyBytes(config.apiMaxBodyBytes())) : null;
        metrics.gauge("bourse.height", "Height of the last final block", chain::height);
        metrics.gauge("bourse.peers", "Connected peers", () -> peers.connectedPeers().size());
        metrics.gauge("bourse.mempool.size", "Commitments waiting for a block", mempool::size);
        metrics.counter("bourse.signature.verifications", "Ed25519 signature verifications by this process",
                io.bourse.core.crypto.Ed25519::verifications);
        metrics.gauge("bourse.mempool.expired.senders", "Senders whose pending commitments expired behind a nonce gap",
                mempool::expiredSenders);
        metrics.gauge("bourse.mempool.evicted", "Commitments a full pool gave up for ones that could go into the next block",
                mempool::evictedForRoom);
        metrics.gauge("bourse.consensus.round", "Current consensus round",
                () -> driver.status() == null ? 0 : driver.status().round());
        metrics.gauge("bourse.consensus.queue", "Inputs waiting for the consensus thread", driver::pending);
        if (kv instanceof RocksKeyValueStore rocks) {
            registerStorageMetrics(metrics, rocks);
        }
        metrics.gauge("bourse.p2p.bytes.in", "Bytes received from peers", () -> peers.traffic().bytesIn());
        metrics.gauge("bourse.p2p.bytes.out", "Bytes sent to peers", () -> peers.traffic().bytesOut());
        metrics.gauge("bourse.p2p.messages.in", "Messages received from peers", () -> peers.traffic().messagesIn());
        metrics.gauge("bourse.p2p.messages.out", "Messages sent to peers", () -> peers.traffic().messagesOut());
        metrics.gauge("bourse.p2p.sends.dropped", "Sends dropped (peer slow or gone)", () -> peers.traffic().sendsDropped());
        // 8. go
        driver.start(this::enoughSignersConnected);
        LOG.info("Node {} is up: p2p {}:{}, API {}", config.name(), config.p2pListen().host(), peers.port(),
                http == null ? "off" : "http://" + config.apiListen().host() + ":" + http.port());
    }

    /**
     * RocksDB's own counters (O3), read at most once a second however often they are scraped
     * (metrics only: this wall-clock read decides nothing).
     */
    private static void registerStorageMetrics(NodeMetrics metrics, RocksKeyValueStore kv) {
        var cache = new Object() {
            long readAt;
            java.util.Map<String, Long> stats = java.util.Map.of();

            synchronized long get(String key) {
                long now = System.nanoTime();
                if (now - readAt > 1_000_000_000L) {
                    stats = kv.statistics();
                    readAt = now;
                }
                return stats.getOrDefault(key, 0L);
            }
        };
        for (String stat : java.util.List.of("block_cache_hit", "block_cache_miss", "bloom_filter_useful", "bytes_written",
                "bytes_read", "wal_file_synced", "stall_micros", "block_cache_usage")) {
            metrics.gauge("bourse.rocksdb." + stat, "RocksDB " + stat.replace('_', ' '), () -> cache.get("rocksdb_" + stat));
        }
        metrics.gauge("bourse.rocksdb.state.keys", "RocksDB estimate of state entries",
                () -> cache.get("rocksdb_estimate_num_keys{state}"));
    }

    /** A signer needs quorum − 1 other signers to decide anything; others need nobody. */
    private boolean enoughSignersConnected() {
        NetworkParameters p = chain.parameters();
        if (!p.isSigner(key.publicKey())) {
            return true;
        }
        long connected = peers.connectedPeers().stream().filter(p::isSigner).count();
        return connected >= p.quorum() - 1;
    }

    /** Peers that order or check blocks and so want commitments: the signers and the generator. */
    private boolean ordersBlocks(PublicKey peer) {
        NetworkParameters p = chain.parameters();
        return p.isSigner(peer) || p.blockGenerator().equals(peer);
    }

    /** Most waiting commitments offered again after one block. */
    private static final int REGOSSIP_MAX = 4096;

    /** C10: the keys named in the parameters in force: signers and execution servers. */
    private boolean isMember(PublicKey peer) {
        NetworkParameters p = chain.parameters();
        return p.isSigner(peer) || p.executionServers().contains(peer);
    }

    /** Keeps a connection to one more peer (tests and tools; configured peers are connected at start). */
    public void connectTo(java.net.InetSocketAddress address) {
        peers.connect(address);
    }

    public int p2pPort() {
        return peers.port();
    }

    /** The API's port; there is none when the options turned the API off. */
    public int apiPort() {
        if (http == null) {
            throw new IllegalStateException("node " + config.name() + " serves no API");
        }
        return http.port();
    }

    public Chain chain() {
        return chain;
    }

    @Override
    public void close() {
        LOG.info("Stopping node {} at height {}", config.name(), chain.height());
        closeQuietly(http);
        closeQuietly(gossipThread);
        closeQuietly(peers);
        closeQuietly(router);
        closeQuietly(syncServer);
        closeQuietly(driver);
        closeQuietly(executionServer);
        closeQuietly(kv);
        LOG.info("Node {} stopped", config.name());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            LOG.warn("Error while closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
