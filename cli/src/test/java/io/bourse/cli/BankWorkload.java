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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fault tests' workload and end checks (docs/reliability.md), over a devnet's nodes by name:
 * three clients, each owning one of the devnet's funded investor accounts, send Coin to the other
 * two through the HTTP API of a random node, one transfer at a time, resubmitting the same signed
 * bytes to another node while none reports it final. {@link #stopAndCheck} then asserts that every
 * node holds one chain (one block hash and state root per height), that every transfer acknowledged
 * final is final at one height on every node, and that the accounts' total is unchanged.
 */
final class BankWorkload {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Map<String, String> apis;
    private final Path net;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<String, Boolean> finals = new ConcurrentHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<KeyPair> accounts = new ArrayList<>();
    private Amount total = Amount.ZERO;

    /**
     * Times a fault test runs its whole fault sequence: 1 in CI; a longer soak is {@code mvn -B -pl
     * cli -am verify -Dtest=NONE -Dit.test=FaultsIT -Dbourse.soak.rounds=N} (docs/reliability.md).
     */
    static final int ROUNDS = Math.max(1, Integer.getInteger("bourse.soak.rounds", 1));

    /** Transfers per client at most: 400 a round, so the load lasts as long as the faults. */
    static final int MAX_PER_CLIENT = 400 * ROUNDS;

    /** @param apis node name → API URL; @param net the devnet directory (for the client keys) */
    BankWorkload(Map<String, String> apis, Path net) {
        this.apis = apis;
        this.net = net;
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

    JsonNode status(String name) {
        return get(apis.get(name) + "/v1/status");
    }

    long height(String name) {
        return status(name).path("height").asLong(-1);
    }

    /** The highest height among the nodes that answer. */
    long top() {
        return apis.keySet().stream().mapToLong(this::height).max().orElse(-1);
    }

    void chainGoesOn(String what, long blocks, Duration limit) {
        long h0 = top();
        Await.until(what + ": " + blocks + " more final blocks after height " + h0, limit, () -> top() >= h0 + blocks);
    }

    /** The node that generates now, by name. */
    String leaderName() {
        for (String n : apis.keySet()) {
            String gen = status(n).path("generator").asText();
            if (!gen.isEmpty()) {
                for (String m : apis.keySet()) {
                    if (gen.equals(status(m).path("address").asText())) {
                        return m;
                    }
                }
            }
        }
        throw new AssertionError("no node names a generator that answers");
    }

    /** The longest gap between consecutive final blocks' timestamps in [from, to], read from one node. */
    long longestGapMillis(String name, long from, long to) {
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

    /** Reads the three investors' keys and balances (30,000 Coin in all) and starts one client each. */
    void start(long seed) throws Exception {
        String first = apis.values().iterator().next();
        ChainId chain = ChainId.of(get(first + "/v1/status").path("chainId").asText());
        for (int i = 1; i <= 3; i++) {
            accounts.add(KeyFile.read(net.resolve("clients").resolve("investor-" + i + ".key"), Optional.empty()));
        }
        total = balance(first);
        assertThat(total).isEqualTo(Amount.ofWhole(30_000));
        for (int i = 0; i < accounts.size(); i++) {
            List<KeyPair> others = new ArrayList<>(accounts);
            others.remove(i);
            Client c = new Client(accounts.get(i), others, seed + i, chain);
            clients.add(c);
            Thread t = new Thread(c, "bank-client-" + i);
            threads.add(t);
            t.start();
        }
    }

    private Amount balance(String api) {
        Amount sum = Amount.ZERO;
        for (KeyPair a : accounts) {
            sum = sum.plus(Amount.parse(get(api + "/v1/accounts/" + a.address().text()).path("coin").asText("0")));
        }
        return sum;
    }

    /** Stops the clients (each finishes or abandons its transfer within 70 s). Idempotent. */
    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(70).toMillis());
        }
    }

    int finals() {
        return finals.size();
    }

    /**
     * Stops the clients, then checks: no client failed, more than {@code minFinals} transfers were
     * final, every node has one chain up to the highest node's height (the others are waited for),
     * every acknowledged transfer is final at one height on every node, the total is unchanged.
     * Returns that common height.
     */
    long stopAndCheck(int minFinals) throws InterruptedException {
        stop();
        for (Client c : clients) {
            assertThat(c.failure).as("client %s", c.key.address()).isNull();
        }
        assertThat(finals).as("transfers acknowledged final").hasSizeGreaterThan(minFinals);
        // the highest node's height: every acknowledged transfer is final at or below it, and each
        // node must reach it before it is asked (a node a block behind would answer "pending")
        long end = Collections.max(apis.keySet().stream().map(this::height).toList());
        Await.until("every node at height " + end, Duration.ofSeconds(60),
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
        for (String api : apis.values()) {
            assertThat(balance(api)).as("the accounts' total at %s", api).isEqualTo(total);
        }
        return end;
    }

    /**
     * Stops the devnet (SIGTERM: each node closes its store cleanly) and checks each node's ledger,
     * read from its store: Coin in balances = minted − burned, every share where it should be.
     */
    static void stopAndAuditLedgers(TestDevnet devnet, Iterable<String> names) throws Exception {
        List<Long> pids = new ArrayList<>();
        devnet.nodes().forEach(n -> pids.add(n.get("pid").asLong()));
        devnet.stop();
        Await.until("every node process gone", Duration.ofSeconds(40),
                () -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
        for (String name : names) {
            Path db = devnet.dir.resolve(name).resolve("data").resolve("db");
            try (var kv = io.bourse.storage.RocksKeyValueStore.open(db, io.bourse.storage.RocksOptions.small())) {
                var state = new io.bourse.storage.ChainStore(kv).loadState();
                assertThat(io.bourse.core.ledger.LedgerAudit.problems(state)).as(name).isEmpty();
            }
        }
    }

    /** A bank client: one funded account, transfers to the others, one at a time, each until final. */
    private final class Client implements Runnable {
        final KeyPair key;
        final List<KeyPair> others;
        final Random rnd;
        final ChainId chain;
        long nonce;
        volatile Throwable failure;

        Client(KeyPair key, List<KeyPair> others, long seed, ChainId chain) {
            this.key = key;
            this.others = others;
            this.rnd = new Random(seed);
            this.chain = chain;
        }

        @Override
        public void run() {
            try {
                nonce = get(apis.values().iterator().next() + "/v1/accounts/" + key.address().text()).path("nextNonce").asLong();
                for (int i = 0; i < MAX_PER_CLIENT && !stop.get(); i++) {
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
}
