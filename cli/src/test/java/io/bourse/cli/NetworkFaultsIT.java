package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.config.NodeConfigs;
import io.bourse.consensus.ConsensusCodec;
import io.bourse.consensus.ConsensusMessage;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.testing.Await;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.node.net.Channels;
import io.bourse.p2p.P2pOptions;
import io.bourse.p2p.PeerListener;
import io.bourse.p2p.PeerNetwork;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet under network faults, with the bank workload of {@link FaultsIT} running throughout.
 * Every link between two nodes goes through a {@link FaultProxy}: the test starts the devnet,
 * rewrites each node's {@code p2p.peers} to the proxy's port for that link and restarts the nodes
 * one by one ({@code devnet restart}, which starts a node with its configuration file as it is).
 * Then: the generator cut off from everyone, the four signers split 2|2, every link slow and lossy,
 * and a signer whose key double-signs votes, sent to the real nodes over an authenticated peer
 * connection. The end checks are {@link BankWorkload#stopAndCheck} and the ledger audit; the longest
 * gap between final blocks around each fault is printed (docs/reliability.md). Bounded: seeded, about
 * three minutes. // covers: C7, C8
 */
class NetworkFaultsIT {
    static final long SEED = 20261204L;
    static final List<String> SIGNERS = List.of("generator", "signer-1", "signer-2", "signer-3");
    @TempDir
    static Path dir;
    static Path net;
    static TestDevnet devnet;
    static FaultProxy proxy;
    static Map<String, String> apis = new LinkedHashMap<>();
    static BankWorkload bank;

    @BeforeAll
    static void startDevnetBehindTheProxy() throws Exception {
        net = dir.resolve("net");
        devnet = TestDevnet.start(net, Duration.ofSeconds(120), "--block-time", "0.5", "--no-contracts");
        for (JsonNode n : devnet.nodes()) {
            apis.put(n.get("name").asText(), n.get("api").asText());
        }
        bank = new BankWorkload(apis, net);
        proxy = new FaultProxy(SEED);
        Map<String, InetSocketAddress> listen = new LinkedHashMap<>();
        for (String name : apis.keySet()) {
            listen.put(name, NodeConfigs.load(config(name)).p2pListen().socketAddress());
        }
        for (String from : apis.keySet()) {
            ObjectNode doc = (ObjectNode) BankWorkload.JSON.readTree(config(from).toFile());
            ArrayNode peers = ((ObjectNode) doc.get("p2p")).putArray("peers");
            for (String to : apis.keySet()) {
                if (!to.equals(from)) {
                    peers.add("127.0.0.1:" + proxy.link(from, to, listen.get(to)));
                }
            }
            Files.writeString(config(from), BankWorkload.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        }
        for (String name : apis.keySet()) {
            control("restart", name); // from now on it dials its peers through the proxy
        }
        int others = apis.size() - 1;
        Await.until("every node connected to all the others through the proxy", Duration.ofSeconds(60),
                () -> apis.keySet().stream().allMatch(n -> bank.status(n).path("peers").asInt() == others));
    }

    @AfterAll
    static void stopDevnet() throws Exception {
        try {
            if (devnet != null) {
                devnet.stop();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    static Path config(String name) {
        return net.resolve(name).resolve("node.json");
    }

    static void control(String... args) {
        List<String> all = new ArrayList<>(List.of("devnet"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dir", net.toString()));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertThat(r.code()).as("bourse %s: %s %s", String.join(" ", all), r.out(), r.err()).isZero();
    }

    /** Every node in one group again. */
    static void heal() {
        proxy.partition(List.of(apis.keySet()));
    }

    @Test
    void aBankWorkloadSurvivesPartitionsSlowLossyLinksAndADoubleSigningSigner() throws Exception {
        bank.start(SEED);
        Map<String, long[]> windows = new LinkedHashMap<>(); // fault → {height before, height after}
        try {
            bank.chainGoesOn("warm-up", 5, Duration.ofSeconds(60));
            windows.put("the generator partitioned away from all other nodes, then healed", generatorIsolated());
            windows.put("the signers split 2|2 for 3 s, then healed", signersSplit());
            windows.put("every link slow and lossy (50–200 ms each way, 1 % of chunks reset the connection)", slowAndLossy());
            windows.put("a signer's key double-signs prepares and commits (signer-3's process down)", doubleSigner());
            bank.chainGoesOn("the workload goes on", 5, Duration.ofSeconds(60));
        } finally {
            heal();
            bank.stop();
        }
        long end = bank.stopAndCheck(20);

        TreeMap<String, String> table = new TreeMap<>();
        windows.forEach((fault, w) -> table.put(fault, "heights " + w[0] + "–" + w[1] + ", longest gap between final blocks "
                + bank.longestGapMillis("signer-1", w[0], w[1]) + " ms"));
        System.out.println("FAULTS (network) seed " + SEED + ", " + bank.finals() + " transfers final, heights 1–" + end
                + ", connections reset by the proxy " + proxy.resets());
        table.forEach((k, v) -> System.out.println("FAULT " + k + ": " + v));

        TestDevnet d = devnet;
        devnet = null;
        BankWorkload.stopAndAuditLedgers(d, apis.keySet());
    }

    /** (a) The generator alone on one side: the others elect a new one and go on; healed, it catches up. */
    long[] generatorIsolated() {
        long h = bank.top();
        String old = bank.leaderName();
        List<String> rest = apis.keySet().stream().filter(n -> !n.equals(old)).toList();
        proxy.partition(List.of(Set.of(old), Set.copyOf(rest)));
        Await.until(old + " has no peer left", Duration.ofSeconds(10), () -> bank.status(old).path("peers").asInt(-1) == 0);
        long cut = bank.height(old);
        bank.chainGoesOn("with the generator " + old + " partitioned away", 5, Duration.ofSeconds(60));
        String newGenerator = bank.status(rest.getFirst()).path("generator").asText();
        assertThat(newGenerator).as("the generator the majority names").isNotEqualTo(bank.status(old).path("address").asText());
        assertThat(bank.height(old)).as("the isolated generator finalizes nothing alone").isLessThanOrEqualTo(cut + 1);
        heal();
        Await.until("the old generator " + old + " catches up", Duration.ofSeconds(60), () -> bank.height(old) >= bank.top() - 2);
        bank.chainGoesOn("after the partition healed", 3, Duration.ofSeconds(60));
        return new long[] {h, bank.top()};
    }

    /** (b) Two signers on each side: no quorum anywhere, no final block; healed, it resumes by itself. */
    long[] signersSplit() throws InterruptedException {
        long h = bank.top();
        String leader = bank.leaderName();
        List<String> others = SIGNERS.stream().filter(n -> !n.equals(leader)).toList();
        Set<String> a = Set.of(leader, others.get(0), "execution-server-1");
        Set<String> b = Set.of(others.get(1), others.get(2), "execution-server-2");
        proxy.partition(List.of(a, b));
        Await.until("each node sees only its own side", Duration.ofSeconds(10),
                () -> apis.keySet().stream().allMatch(n -> bank.status(n).path("peers").asInt(-1) == 2));
        long halted = bank.top();
        long watchUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < watchUntil) { // observed for 3 s: the absence of progress has no event to wait for
            assertThat(bank.top()).as("no final block on either side of a 2|2 split").isLessThanOrEqualTo(halted + 1);
            Thread.sleep(200); // the 3 s observation samples the height every 0.2 s
        }
        heal();
        bank.chainGoesOn("after the 2|2 split healed", 5, Duration.ofSeconds(90));
        return new long[] {h, bank.top()};
    }

    /**
     * (c) Every link delays each chunk by 50–200 ms (a proposal, its prepares and commits: up to
     * 0.6 s of a 1.5 s first round) and resets its connection with probability 1 % per chunk.
     */
    long[] slowAndLossy() {
        long h = bank.top();
        long resets = proxy.resets();
        proxy.all(FaultProxy.Mode.slow(50, 150, 0.01));
        bank.chainGoesOn("with every link slow and lossy", 15, Duration.ofSeconds(90));
        Await.until("the lossy links reset some connections", Duration.ofSeconds(30), () -> proxy.resets() > resets);
        heal();
        bank.chainGoesOn("after the links were clean again", 3, Duration.ofSeconds(60));
        return new long[] {h, bank.top()};
    }

    /**
     * (d) signer-3's key in a Byzantine hand: its process is killed, and the test, holding its key
     * file, connects to the other signers as signer-3 (the real handshake) and sends each of them
     * two different prepares and two different commits for the height and round it is at. Every
     * honest signer must record the equivocation (status {@code consensus.evidence}), the chain goes
     * on with three of four signers, and nothing forks (the end checks).
     */
    long[] doubleSigner() throws Exception {
        long h = bank.top();
        Map<String, Long> evidenceBefore = new TreeMap<>();
        List<String> honest = SIGNERS.stream().filter(n -> !n.equals("signer-3")).toList();
        for (String n : honest) {
            evidenceBefore.put(n, bank.status(n).path("consensus").path("evidence").asLong(-1));
        }
        control("kill", "signer-3");
        KeyPair byzantine = KeyFile.read(net.resolve("signer-3").resolve("node.key"), Optional.empty());
        ChainId chain = ChainId.of(bank.status("generator").path("chainId").asText());
        Random rnd = new Random(SEED);
        PeerListener deaf = new PeerListener() {
            @Override
            public void onMessage(PublicKey from, int channel, byte[] payload) {
            }

            @Override
            public void onConnected(PublicKey peer) {
            }

            @Override
            public void onDisconnected(PublicKey peer) {
            }
        };
        try (PeerNetwork p2p = new PeerNetwork(byzantine, chain, new InetSocketAddress("127.0.0.1", 0), k -> true, deaf,
                P2pOptions.defaults())) {
            p2p.start();
            for (String n : honest) {
                p2p.connect(NodeConfigs.load(config(n)).p2pListen().socketAddress()); // directly, not through the proxy
            }
            Await.until("connected as signer-3 to the honest signers", Duration.ofSeconds(20),
                    () -> p2p.connectedPeers().size() == honest.size());
            Await.until("every honest signer records the equivocation", Duration.ofSeconds(30), () -> {
                for (String n : honest) {
                    JsonNode c = bank.status(n).path("consensus");
                    long height = c.path("height").asLong();
                    int round = c.path("round").asInt();
                    for (long at = height; at <= height + 1; at++) { // the next height too: buffered if it moves on
                        for (int k = 0; k < 2; k++) {
                            Hash fake = Hash.of(longBytes(rnd.nextLong()));
                            p2p.broadcast(Channels.CONSENSUS, ConsensusCodec.encode(
                                    ConsensusMessage.Prepare.sign(byzantine, chain, at, round, fake)));
                            p2p.broadcast(Channels.CONSENSUS, ConsensusCodec.encode(
                                    ConsensusMessage.Commit.sign(byzantine, chain, at, round, fake)));
                        }
                    }
                }
                return honest.stream().allMatch(n -> bank.status(n).path("consensus").path("evidence").asLong(-1)
                        > evidenceBefore.get(n));
            });
        }
        bank.chainGoesOn("after signer-3 double-signed", 5, Duration.ofSeconds(60));
        control("restart", "signer-3");
        Await.until("signer-3 catches up", Duration.ofSeconds(60), () -> bank.height("signer-3") >= bank.top() - 2);
        return new long[] {h, bank.top()};
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
