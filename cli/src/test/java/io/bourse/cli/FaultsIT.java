package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.testing.Await;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.TokenId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet under faults, injected the way an operator would ({@code devnet kill|pause|resume|restart}),
 * while a bank workload runs: three clients move Coin between the three funded accounts through
 * the API of whichever node answers, each waiting for its transfer to be final before the next.
 * After every fault the chain must go on (or, with more than f signers down, halt and then go on by
 * itself), and at the end: every transfer acknowledged final is in every node's chain at the same
 * height, the accounts' total is unchanged, every node has the same block hash and state root at
 * every height, and each node's ledger passes the audit (Coin = minted − burned). The longest gap
 * between final blocks around each fault is printed (docs/reliability.md). Bounded: seeded, at
 * most about four minutes. // covers: C1, C7, C11
 */
class FaultsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final long SEED = 20261203L;
    @TempDir
    static Path dir;
    static Path net;
    static TestDevnet devnet;
    static Map<String, String> apis = new LinkedHashMap<>();

    @BeforeAll
    static void startDevnet() throws Exception {
        net = dir.resolve("net");
        devnet = TestDevnet.start(net, Duration.ofSeconds(120), "--block-time", "0.5", "--no-contracts");
        for (JsonNode n : nodes()) {
            apis.put(n.get("name").asText(), n.get("api").asText());
        }
    }

    @AfterAll
    static void stopDevnet() throws Exception {
        if (devnet != null) {
            devnet.stop();
        }
    }

    static JsonNode nodes() throws Exception {
        return devnet.nodes();
    }

    static JsonNode get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static long height(String name) {
        return get(apis.get(name) + "/v1/status").path("height").asLong(-1);
    }

    static String control(String... args) {
        List<String> all = new ArrayList<>(List.of("devnet"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dir", net.toString()));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertThat(r.code()).as("bourse %s: %s %s", String.join(" ", all), r.out(), r.err()).isZero();
        return r.out().strip();
    }

    /** The highest height among the nodes that answer. */
    static long top() {
        return apis.keySet().stream().mapToLong(FaultsIT::height).max().orElse(-1);
    }

    static void chainGoesOn(String what, long blocks, Duration limit) {
        long h0 = top();
        Await.until(what + ": " + blocks + " more final blocks after height " + h0, limit, () -> top() >= h0 + blocks);
    }

    /** A bank client: one funded account, transfers to the others, one at a time, each until final. */
    static final class Client implements Runnable {
        final KeyPair key;
        final List<KeyPair> others;
        final Random rnd;
        final AtomicBoolean stop;
        final Map<String, Boolean> finals;
        final ChainId chain;
        long nonce;
        volatile Throwable failure;

        Client(KeyPair key, List<KeyPair> others, long seed, AtomicBoolean stop, Map<String, Boolean> finals, ChainId chain) {
            this.key = key;
            this.others = others;
            this.rnd = new Random(seed);
            this.stop = stop;
            this.finals = finals;
            this.chain = chain;
        }

        @Override
        public void run() {
            try {
                nonce = get(apis.values().iterator().next() + "/v1/accounts/" + key.address().text()).path("nextNonce").asLong();
                for (int i = 0; i < 400 && !stop.get(); i++) {
                    KeyPair to = others.get(rnd.nextInt(others.size()));
                    Commitment c = Commitment.sign(key, chain, nonce, new Payloads.Transfer(to.address(), TokenId.COIN,
                            Amount.ofUnits(1 + rnd.nextInt(100_000_000))));
                    if (submitUntilFinal(c)) {
                        finals.put(c.id().hex(), true);
                        nonce++;
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** Submits to a random node, resubmitting the same bytes elsewhere while no node reports it final. */
        boolean submitUntilFinal(Commitment c) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> urls = new ArrayList<>(apis.values());
            while (System.nanoTime() < deadline && !stop.get()) {
                String api = urls.get(rnd.nextInt(urls.size()));
                try {
                    HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/commitments")).timeout(Duration.ofSeconds(3))
                            .header("content-type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(c.toBytes())).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    continue; // that node is down or paused: another one
                }
                long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < until) {
                    if ("final".equals(get(api + "/v1/commitments/" + c.id().hex()).path("status").asText())) {
                        return true;
                    }
                    Thread.sleep(100); // poll every 0.1 s until this node says final, or 6 s pass and another node is tried
                }
            }
            return false;
        }
    }

    /** The longest gap between consecutive final blocks' timestamps in [from, to], read from one node. */
    static long longestGapMillis(String name, long from, long to) {
        long worst = 0;
        long prev = -1;
        for (long h = Math.max(1, from); h <= to; h++) {
            long t = get(apis.get(name) + "/v1/blocks/" + h).path("timestamp").asLong(-1);
            if (prev > 0 && t > 0) {
                worst = Math.max(worst, t - prev);
            }
            prev = t;
        }
        return worst;
    }

    @Test
    void aBankWorkloadSurvivesCrashesPausesRestartsAndALostQuorum() throws Exception {
        ChainId chain = ChainId.of(get(apis.get("generator") + "/v1/status").path("chainId").asText());
        List<KeyPair> accounts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            accounts.add(KeyFile.read(net.resolve("clients").resolve("investor-" + i + ".key"), Optional.empty()));
        }
        Amount total = Amount.ZERO;
        for (KeyPair a : accounts) {
            total = total.plus(Amount.parse(get(apis.get("signer-1") + "/v1/accounts/" + a.address().text()).path("coin").asText("0")));
        }
        assertThat(total).isEqualTo(Amount.ofWhole(30_000));
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Boolean> finals = new ConcurrentHashMap<>();
        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            List<KeyPair> others = new ArrayList<>(accounts);
            others.remove(i);
            Client c = new Client(accounts.get(i), others, SEED + i, stop, finals, chain);
            clients.add(c);
            Thread t = new Thread(c, "bank-client-" + i);
            threads.add(t);
            t.start();
        }
        Map<String, long[]> windows = new LinkedHashMap<>(); // fault → {height before, height after}
        try {
            chainGoesOn("warm-up", 5, Duration.ofSeconds(60));

            long h = top();
            control("kill", "generator");
            chainGoesOn("after SIGKILL of the generator", 5, Duration.ofSeconds(60));
            control("restart", "generator");
            Await.until("the restarted generator catches up", Duration.ofSeconds(60),
                    () -> height("generator") >= top() - 2);
            windows.put("SIGKILL of the generator, then restart", new long[] {h, top()});

            h = top();
            String leader = leaderName();
            control("pause", leader);
            chainGoesOn("with the generator " + leader + " paused (SIGSTOP)", 5, Duration.ofSeconds(60));
            control("resume", leader);
            Await.until("the paused generator wakes and catches up", Duration.ofSeconds(60),
                    () -> height(leader) >= top() - 2);
            chainGoesOn("after the paused generator resumed", 3, Duration.ofSeconds(60));
            windows.put("SIGSTOP/SIGCONT of the generator (" + leader + ")", new long[] {h, top()});

            h = top();
            control("kill", "signer-2");
            chainGoesOn("with signer-2 killed", 3, Duration.ofSeconds(60));
            control("restart", "signer-2");
            Await.until("signer-2 catches up", Duration.ofSeconds(60), () -> height("signer-2") >= top() - 2);
            windows.put("SIGKILL and restart of a signer", new long[] {h, top()});

            h = top();
            control("restart", "execution-server-1");
            chainGoesOn("after an execution server restarted", 3, Duration.ofSeconds(60));
            windows.put("restart of an execution server", new long[] {h, top()});

            h = top();
            control("restart", "--wipe", "signer-3");
            Await.until("signer-3, restarted from an empty directory, catches up", Duration.ofSeconds(90),
                    () -> height("signer-3") >= top() - 2);
            windows.put("a signer restarted from an empty data directory", new long[] {h, top()});

            // more than f = 1 of the 4 signers down: no quorum, the chain halts; back up, it goes on by itself
            h = top();
            List<String> down = new ArrayList<>(List.of("signer-1", "signer-2", "signer-3", "generator"));
            down.remove(leaderName());
            down = down.subList(0, 2);
            for (String n : down) {
                control("kill", n);
            }
            long halted = top();
            long watchUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < watchUntil) { // observed for 3 s: the absence of progress has no event to wait for
                assertThat(top()).as("no final block without a quorum (2 of 4 signers down)").isLessThanOrEqualTo(halted + 1);
                Thread.sleep(200); // the 3 s observation samples the height every 0.2 s
            }
            for (String n : down) {
                control("restart", n);
            }
            chainGoesOn("after the quorum came back", 5, Duration.ofSeconds(120));
            windows.put("2 of 4 signers down (more than f) for 3 s, then back", new long[] {h, top()});

            chainGoesOn("the workload goes on", 5, Duration.ofSeconds(60));
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(70).toMillis());
            }
        }
        for (Client c : clients) {
            assertThat(c.failure).as("client %s", c.key.address()).isNull();
        }
        assertThat(finals).as("transfers acknowledged final").hasSizeGreaterThan(30);

        // every node: the same chain, every acknowledged transfer in it at the same height
        long end = Collections.min(apis.keySet().stream().map(FaultsIT::height).toList());
        Await.until("every node at one height", Duration.ofSeconds(60),
                () -> apis.keySet().stream().allMatch(n -> height(n) >= end));
        for (long hh = 1; hh <= end; hh++) {
            final long at = hh;
            List<String> seen = apis.values().stream().map(a -> get(a + "/v1/blocks/" + at))
                    .map(b -> b.path("hash").asText() + "/" + b.path("stateRoot").asText()).distinct().toList();
            assertThat(seen).as("block and state root at height %d on every node", hh).hasSize(1)
                    .noneMatch(x -> x.startsWith("/"));
        }
        for (String id : finals.keySet()) {
            List<Long> at = apis.values().stream().map(a -> get(a + "/v1/commitments/" + id))
                    .map(s -> "final".equals(s.path("status").asText()) ? s.path("height").asLong() : -1L).distinct().toList();
            assertThat(at).as("transfer %s on every node", id).hasSize(1).doesNotContain(-1L);
        }
        Amount after = Amount.ZERO;
        for (KeyPair a : accounts) {
            after = after.plus(Amount.parse(get(apis.get("signer-1") + "/v1/accounts/" + a.address().text()).path("coin").asText("0")));
        }
        assertThat(after).as("the accounts' total").isEqualTo(total);

        TreeMap<String, String> table = new TreeMap<>();
        windows.forEach((fault, w) -> table.put(fault, "heights " + w[0] + "–" + w[1] + ", longest gap between final blocks "
                + longestGapMillis("signer-1", w[0], w[1]) + " ms"));
        System.out.println("FAULTS seed " + SEED + ", " + finals.size() + " transfers final, heights 1–" + end);
        table.forEach((k, v) -> System.out.println("FAULT " + k + ": " + v));

        // each node's ledger, read from its store after a clean stop: Coin = minted − burned, shares conserved
        List<Long> pids = new ArrayList<>();
        nodes().forEach(n -> pids.add(n.get("pid").asLong()));
        stopDevnet();
        devnet = null;
        Await.until("every node process gone", Duration.ofSeconds(40),
                () -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
        for (String name : apis.keySet()) {
            Path db = net.resolve(name).resolve("data").resolve("db");
            try (var kv = io.bourse.storage.RocksKeyValueStore.open(db, io.bourse.storage.RocksOptions.small())) {
                var state = new io.bourse.storage.ChainStore(kv).loadState();
                assertThat(io.bourse.core.ledger.LedgerAudit.problems(state)).as(name).isEmpty();
            }
        }
    }

    /** The node that generates now, by name. */
    static String leaderName() throws Exception {
        for (String n : apis.keySet()) {
            JsonNode st = get(apis.get(n) + "/v1/status");
            String gen = st.path("generator").asText();
            if (!gen.isEmpty()) {
                for (String m : apis.keySet()) {
                    if (gen.equals(get(apis.get(m) + "/v1/status").path("address").asText())) {
                        return m;
                    }
                }
            }
        }
        throw new AssertionError("no node names a generator that answers");
    }
}
