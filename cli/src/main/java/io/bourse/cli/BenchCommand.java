package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.TokenId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bourse bench}: an open-loop load of signed commitments against a running network (the
 * devnet by default), measured from outside as a user sees it. Everything is signed before the
 * clock starts and submitted in batches ({@code POST /v1/commitments}, the binary framing) to the
 * nodes in turn, at the offered rate whatever the network does; finality is read from one node's
 * block stream. Reports final commitments per second, submit→final latency, the block interval,
 * mempool depth, CPU per node, and the machine's bound measured in the same run: raw Ed25519
 * verifications per second × cores ÷ the verifications one commitment costs the network (one per
 * node). docs/benchmarks.md has the figures and how to read them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load a running network (the devnet by default) with signed transfers, or transfers and orders, "
                + "at a rate or ramping to saturation; report final commitments per second, latency and the machine's bound.")
final class BenchCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;
    @Option(names = "--dir", defaultValue = "devnet-data", description = "A running devnet's directory: its nodes and "
            + "their processes (CPU per node), and the funding key clients/investor-1.key (default: ${DEFAULT-VALUE}).")
    Path dir;
    @Option(names = "--node", description = "A node's API URL instead of the devnet's (repeat); no CPU per node then.")
    List<String> nodeUrls = new ArrayList<>();
    @Option(names = "--key", description = "The key that funds the load's accounts (default: DIR/clients/investor-1.key).")
    Path fundingKey;
    @Option(names = "--rate", defaultValue = "0", description = "Commitments per second offered; 0 ramps to saturation "
            + "(default: ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--duration", defaultValue = "60", description = "Seconds of load at --rate (default: ${DEFAULT-VALUE}).")
    int durationSeconds;
    @Option(names = "--warmup", defaultValue = "5", description = "Seconds at the start not counted (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;
    @Option(names = "--ramp-start", defaultValue = "500", description = "Ramp: the first step's rate (default: ${DEFAULT-VALUE}).")
    int rampStart;
    @Option(names = "--ramp-step", defaultValue = "500", description = "Ramp: added per step (default: ${DEFAULT-VALUE}).")
    int rampStep;
    @Option(names = "--ramp-seconds", defaultValue = "10", description = "Ramp: seconds per step (default: ${DEFAULT-VALUE}).")
    int rampSeconds;
    @Option(names = "--max-rate", defaultValue = "8000", description = "Ramp: the highest rate tried (default: ${DEFAULT-VALUE}).")
    int maxRate;
    @Option(names = "--accounts", defaultValue = "1024", description = "Accounts the load is spread over (default: ${DEFAULT-VALUE}).")
    int accounts;
    @Option(names = "--batch", defaultValue = "256", description = "Commitments per request (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--mode", defaultValue = "transfers", description = "transfers, or mixed: half transfers, half limit "
            + "orders that rest on a contract's book (default: ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "--seed", defaultValue = "1", description = "Seeds the load's accounts and amounts (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;
    @Option(names = "--chart", description = "Write an SVG chart of throughput and latency over time to this file.")
    Path chart;

    record Node(String name, String api, long pid) {
    }

    /** What happened in one second of the run. */
    static final class Second {
        long offered;
        long finals;
        long refused;
        long mempool;
        final List<Long> latencies = new ArrayList<>();
        double[] cpu = new double[0];
    }

    /** The run's HTTP client and its signed commitments, in the order they are due. */
    private HttpClient http;
    private byte[][] signed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!mode.equals("transfers") && !mode.equals("mixed")) {
            throw new IllegalArgumentException("--mode: transfers or mixed, not " + mode);
        }
        if (accounts < 2 || batch < 1 || batch > 4096 || durationSeconds < 1 || rate < 0) {
            throw new IllegalArgumentException("--accounts ≥ 2, --batch 1..4096, --duration ≥ 1, --rate ≥ 0");
        }
        List<Node> nodes = nodes();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        NodeClient first = client(nodes.get(0).api());
        ChainId chain = ChainId.of(first.get("/v1/status").path("chainId").asText());

        // 1. the machine's bound, measured before any load
        double verifyPerSecond = verificationsPerSecond();
        int cores = Runtime.getRuntime().availableProcessors();
        double bound = verifyPerSecond * cores / nodes.size();
        err.printf("bench: %,.0f Ed25519 verifications/s on one core × %d cores ÷ %d nodes = bound %,.0f commitments/s"
                        + " (to be divided by the verifications per commitment the nodes count instead)%n",
                verifyPerSecond, cores, nodes.size(), bound);

        // 2. the accounts, funded from the funding key, and the schedule, signed ahead
        KeyPair funder = KeyFile.read(fundingKey != null ? fundingKey : dir.resolve("clients").resolve("investor-1.key"),
                Optional.empty());
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            byte[] s = new byte[32];
            System.arraycopy(new Writer(16).i64(seed).i64(i).toByteArray(), 0, s, 0, 16);
            keys.add(KeyPair.fromSeed(s));
        }
        Optional<TokenId> orderBook = mode.equals("mixed") ? Optional.of(someContract(first)) : Optional.empty();
        fund(http, nodes, chain, funder, keys, err);
        int[] schedule = schedule();
        long[] offeredBefore = new long[schedule.length + 1]; // commitments due before each second starts
        for (int s = 0; s < schedule.length; s++) {
            offeredBefore[s + 1] = offeredBefore[s] + schedule[s];
        }
        long total = offeredBefore[schedule.length];
        err.printf("bench: signing %,d commitments ahead over %d accounts…%n", total, accounts);
        signed = new byte[(int) total][];
        String[] ids = new String[(int) total];
        long[] nonces = new long[accounts];
        for (int i = 0; i < accounts; i++) {
            nonces[i] = first.get("/v1/accounts/" + keys.get(i).address().text()).path("nextNonce").asLong();
        }
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < total; i++) {
            int a = i % accounts;
            Payload p = orderBook.isPresent() && i % 2 == 1
                    ? new Payloads.PlaceOrder(orderBook.get(), TokenId.COIN, Payloads.Side.BUY, Payloads.OrderType.LIMIT,
                            Amount.parse("0.01"), Amount.ONE, 0)
                    : new Payloads.Transfer(keys.get((a + 1 + rnd.nextInt(accounts - 1)) % accounts).address(), TokenId.COIN,
                            Amount.ofUnits(1 + rnd.nextInt(1000)));
            Commitment c = Commitment.sign(keys.get(a), chain, nonces[a]++, p);
            signed[i] = c.toBytes();
            ids[i] = c.id().hex();
        }

        // 3. finality from one node's block stream; per-second samples
        ConcurrentHashMap<String, Long> submittedAt = new ConcurrentHashMap<>();
        long start = System.nanoTime() + Duration.ofMillis(500).toNanos();
        int seconds = schedule.length;
        Second[] per = new Second[seconds + 30];
        for (int i = 0; i < per.length; i++) {
            per[i] = new Second();
        }
        AtomicLong finals = new AtomicLong();
        List<Long> blockTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(nodes.get(0).api() + "/v1/stream/blocks")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread follower = Thread.ofPlatform().daemon().name("bench-stream").start(() -> follow(stream, submittedAt, per,
                start, finals, blockTimes));

        // 4. open loop: each tick sends what is due, in batches, to the nodes in turn
        Semaphore inFlight = new Semaphore(32);
        AtomicLong refused = new AtomicLong();
        AtomicLong resubmitted = new AtomicLong();
        java.util.concurrent.ConcurrentLinkedQueue<Retry> retries = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int next = 0;
        int nodeTurn = 0;
        long offeredSoFar = 0;
        int saturatedSteps = 0;
        long lastProgress = 0;
        long verificationsBefore = verificationsOnNodes(nodes);
        long finalsBefore = finals.get();
        while (next < total) {
            long now = System.nanoTime();
            double t = (now - start) / 1e9;
            if (t < 0) {
                Thread.sleep(5);
                continue;
            }
            int sec = (int) t;
            if (sec >= seconds) {
                break;
            }
            long due = offeredBefore[sec] + (long) (schedule[sec] * (t - sec));
            due = Math.min(due, total);
            // what a node answered "busy" (503) goes again once its back-off is over, as a client
            // would: the same bytes, so the account's later nonces are not stranded behind a gap
            List<Integer> again = drainRetries(retries);
            if (!again.isEmpty()) {
                resubmitted.addAndGet(again.size());
                send(again, nodes.get(nodeTurn++ % nodes.size()), inFlight, refused, retries, per[sec]);
            }
            while (next < due) {
                int n = (int) Math.min(batch, due - next);
                List<Integer> items = new ArrayList<>(n);
                long at = System.nanoTime();
                for (int i = next; i < next + n; i++) {
                    items.add(i);
                    submittedAt.put(ids[i], at);
                }
                per[sec].offered += n;
                offeredSoFar += n;
                next += n;
                send(items, nodes.get(nodeTurn++ % nodes.size()), inFlight, refused, retries, per[sec]);
            }
            if (sec > lastProgress) {
                lastProgress = sec;
                sample(per[sec - 1], nodes, first);
                Second last = per[sec - 1];
                err.printf("bench: %3ds offered %,6d/s final %,6d/s p99 %5s ms mempool %,6d refused %,d%s%n", sec, last.offered,
                        last.finals, percentile(last.latencies, 99), last.mempool, refused.get(), cpuText(last.cpu));
                if (rate == 0 && sec % rampSeconds == 0 && sec >= 2 * rampSeconds) {
                    long off = 0;
                    long fin = 0;
                    for (int s = sec - rampSeconds; s < sec; s++) {
                        off += per[s].offered;
                        fin += per[s].finals;
                    }
                    saturatedSteps = fin < 0.9 * off ? saturatedSteps + 1 : 0;
                    if (saturatedSteps >= 2) {
                        err.printf("bench: saturated (final below 90%% of offered for two steps): stopping the ramp%n");
                        seconds = sec;
                        break;
                    }
                }
            }
            Thread.sleep(10); // the open loop's tick
        }
        int loadSeconds = Math.min(seconds, (int) Math.ceil((System.nanoTime() - start) / 1e9));
        // drain: what was sent may still become final
        long drainUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < drainUntil && finals.get() + refused.get() < offeredSoFar) {
            for (List<Integer> again = drainRetries(retries); !again.isEmpty(); again = drainRetries(retries)) {
                resubmitted.addAndGet(again.size());
                send(again, nodes.get(nodeTurn++ % nodes.size()), inFlight, refused, retries, per[Math.max(0, loadSeconds - 1)]);
            }
            Thread.sleep(100);
        }
        long verificationsAfter = verificationsOnNodes(nodes);
        stream.cancel(true);
        // the bound again, with the verifications per final commitment the nodes counted in this
        // run (admission, gossip, block checks and consensus signatures) instead of one per node
        long finalsInRun = finals.get() - finalsBefore;
        double perCommitment = verificationsBefore < 0 || verificationsAfter < 0 || finalsInRun == 0 ? nodes.size()
                : (double) (verificationsAfter - verificationsBefore) / finalsInRun;
        bound = verifyPerSecond * cores / perCommitment;
        follower.interrupt();

        // 5. the report
        int from = Math.min(warmupSeconds, Math.max(0, loadSeconds - 1));
        long finalInWindow = 0;
        long offeredInWindow = 0;
        List<Long> lat = new ArrayList<>();
        double[] cpuSum = new double[nodes.size()];
        int cpuSamples = 0;
        long mempoolMax = 0;
        for (int s = from; s < loadSeconds; s++) {
            finalInWindow += per[s].finals;
            offeredInWindow += per[s].offered;
            lat.addAll(per[s].latencies);
            mempoolMax = Math.max(mempoolMax, per[s].mempool);
            if (per[s].cpu.length == nodes.size()) {
                for (int i = 0; i < nodes.size(); i++) {
                    cpuSum[i] += per[s].cpu[i];
                }
                cpuSamples++;
            }
        }
        int window = Math.max(1, loadSeconds - from);
        double finalPerSecond = (double) finalInWindow / window;
        List<Long> intervals = new ArrayList<>();
        synchronized (blockTimes) {
            for (int i = 1; i < blockTimes.size(); i++) {
                intervals.add(blockTimes.get(i) - blockTimes.get(i - 1));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("mode", mode);
        o.put("offeredPerSecond", (double) offeredInWindow / window);
        o.put("finalPerSecond", finalPerSecond);
        o.put("windowSeconds", window);
        o.put("submitted", offeredSoFar);
        o.put("final", finals.get());
        o.put("refused", refused.get());
        o.put("resubmittedBusy", resubmitted.get());
        ObjectNode l = o.putObject("latencyMs");
        l.put("p50", percentile(lat, 50));
        l.put("p95", percentile(lat, 95));
        l.put("p99", percentile(lat, 99));
        o.put("blockIntervalMs", intervals.isEmpty() ? 0 : intervals.stream().mapToLong(x -> x).sum() / intervals.size());
        o.put("mempoolMax", mempoolMax);
        ObjectNode cpu = o.putObject("cpuCoresPerNode");
        for (int i = 0; i < nodes.size(); i++) {
            cpu.put(nodes.get(i).name(), cpuSamples == 0 ? 0 : Math.round(cpuSum[i] / cpuSamples * 100) / 100.0);
        }
        o.put("verificationsPerSecondPerCore", Math.round(verifyPerSecond));
        o.put("cores", cores);
        o.put("nodes", nodes.size());
        o.put("verificationsPerCommitment", Math.round(perCommitment * 100) / 100.0);
        o.put("boundPerSecond", Math.round(bound));
        o.put("ratioToBound", Math.round(finalPerSecond / bound * 1000) / 1000.0);
        ArrayNode timeline = o.putArray("perSecond");
        for (int s = 0; s < loadSeconds; s++) {
            timeline.addObject().put("second", s).put("offered", per[s].offered).put("final", per[s].finals)
                    .put("p50Ms", percentile(per[s].latencies, 50)).put("p99Ms", percentile(per[s].latencies, 99))
                    .put("mempool", per[s].mempool);
        }
        if (chart != null) {
            Files.writeString(chart, svg(per, loadSeconds, from));
            err.printf("bench: chart written to %s%n", chart);
        }
        if (json) {
            out.println(JSON.writeValueAsString(o));
        } else {
            out.printf("mode                %s%noffered             %,.0f /s%nfinal               %,.0f /s over %d s%n"
                            + "latency p50/95/99   %d / %d / %d ms%nblock interval      %d ms%nmempool (max)       %,d%n"
                            + "refused             %,d of %,d submitted (%,d sent again after \"busy\")%nCPU (cores)         %s%n"
                            + "bound               %,d /s (%,d verifications/s/core × %d cores ÷ %.2f verifications per commitment)%n"
                            + "ratio to bound      %.3f%n",
                    mode, (double) offeredInWindow / window, finalPerSecond, window, percentile(lat, 50),
                    percentile(lat, 95), percentile(lat, 99), o.get("blockIntervalMs").asLong(), mempoolMax,
                    refused.get(), offeredSoFar, resubmitted.get(), cpu, Math.round(bound), Math.round(verifyPerSecond), cores,
                    perCommitment, finalPerSecond / bound);
        }
        return 0;
    }

    /** Commitments offered in each second of the run. */
    int[] schedule() {
        if (rate > 0) {
            int[] s = new int[durationSeconds];
            Arrays.fill(s, rate);
            return s;
        }
        List<Integer> steps = new ArrayList<>();
        for (int r = rampStart; r <= maxRate; r += rampStep) {
            for (int i = 0; i < rampSeconds; i++) {
                steps.add(r);
            }
        }
        return steps.stream().mapToInt(x -> x).toArray();
    }

    private List<Node> nodes() throws IOException {
        List<Node> out = new ArrayList<>();
        if (!nodeUrls.isEmpty()) {
            for (int i = 0; i < nodeUrls.size(); i++) {
                out.add(new Node("node-" + (i + 1), nodeUrls.get(i).replaceAll("/+$", ""), -1));
            }
            return out;
        }
        Path devnetJson = dir.resolve("devnet.json");
        if (!Files.exists(devnetJson)) {
            throw new IllegalArgumentException("--dir " + dir + ": no devnet.json; start ./bourse devnet or give --node URLs");
        }
        for (JsonNode n : JSON.readTree(devnetJson.toFile()).path("nodes")) {
            out.add(new Node(n.path("name").asText(), n.path("api").asText(), n.path("pid").asLong(-1)));
        }
        return out;
    }

    /** One core's Ed25519 verifications per second, over about two seconds. */
    static double verificationsPerSecond() {
        KeyPair k = KeyPair.generate();
        Commitment c = Commitment.sign(k, ChainId.of("bench"), 0, new Payloads.Transfer(k.address(), TokenId.COIN, Amount.ONE));
        // two seconds for the JIT to compile the curve arithmetic, then the best of six half-second
        // windows: what one core can do, not what it did while a node or the JIT took it for a while
        verifyFor(2_000_000_000L, c);
        double best = 0;
        for (int w = 0; w < 6; w++) {
            best = Math.max(best, verifyFor(500_000_000L, c));
        }
        return best;
    }

    /** Verifies {@code c} again and again for {@code nanos}; verifications per second. */
    private static double verifyFor(long nanos, Commitment c) {
        long n = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < nanos) {
            for (int i = 0; i < 100; i++) {
                if (!c.signatureValid()) {
                    throw new IllegalStateException("a valid signature failed to verify");
                }
            }
            n += 100;
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Some contract's shares, for the mixed load's resting orders. */
    private static TokenId someContract(NodeClient c) throws Exception {
        JsonNode list = c.get("/v1/contracts");
        for (JsonNode x : list.path("contracts")) {
            return TokenId.shareOf(Address.parse(x.path("address").asText()));
        }
        throw new IllegalStateException("--mode mixed needs a contract to place orders on; the network has none");
    }

    /** Sends every account enough Coin, in waves the funder's mempool slots allow, each until final. */
    private static void fund(HttpClient http, List<Node> nodes, ChainId chain, KeyPair funder, List<KeyPair> keys,
                             PrintWriter err) throws Exception {
        NodeClient c = client(nodes.get(0).api());
        int wave = 128;
        for (int from = 0; from < keys.size(); from += wave) {
            long nonce = c.get("/v1/accounts/" + funder.address().text()).path("nextNonce").asLong();
            int to = Math.min(keys.size(), from + wave);
            Writer w = new Writer().u32(to - from);
            String lastId = null;
            for (int i = from; i < to; i++) {
                Commitment t = Commitment.sign(funder, chain, nonce++, new Payloads.Transfer(keys.get(i).address(),
                        TokenId.COIN, Amount.ofWhole(2)));
                w.bytes(t.toBytes());
                lastId = t.id().hex();
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodes.get(0).api() + "/v1/commitments"))
                    .header("content-type", "application/vnd.bourse.commitments")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(w.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            if (refusedIn(r.body()) > 0) {
                throw new IllegalStateException("funding the load's accounts was refused: " + r.body());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"final".equals(statusOf(c, lastId))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("funding transfer " + lastId + " not final within 60 s");
                }
                Thread.sleep(100); // polling the funding wave's last transfer
            }
            err.printf("bench: funded %d of %d accounts%n", to, keys.size());
        }
    }

    static NodeClient client(String api) {
        NodeClient c = new NodeClient();
        c.node = api;
        return c;
    }

    private static String statusOf(NodeClient c, String id) throws InterruptedException {
        try {
            return c.get("/v1/commitments/" + id).path("status").asText();
        } catch (IOException e) {
            return "unknown"; // 404 until the node has seen it
        }
    }

    /** A commitment a node answered "busy": its index among the signed ones, and when it may go again. */
    private record Retry(int index, long at) {
    }

    /** How long a "busy" item waits before it is sent again. */
    private static final long RETRY_AFTER_NANOS = Duration.ofMillis(250).toNanos();

    /**
     * Posts the commitments {@code items} (indexes into {@code signed}) in one binary batch to
     * {@code target}; items answered 503 (busy) are queued to go again, other refusals and a
     * failed request are counted as refused.
     */
    private void send(List<Integer> items, Node target, Semaphore inFlight, AtomicLong refused,
                      java.util.Queue<Retry> retries, Second second) throws InterruptedException {
        Writer w = new Writer().u32(items.size());
        for (int i : items) {
            w.bytes(signed[i]);
        }
        inFlight.acquire();
        http.sendAsync(HttpRequest.newBuilder(URI.create(target.api() + "/v1/commitments"))
                        .timeout(Duration.ofSeconds(30)).header("content-type", "application/vnd.bourse.commitments")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(w.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> {
                    inFlight.release();
                    long bad = 0;
                    if (e != null || r.statusCode() != 200) {
                        bad = items.size();
                    } else {
                        long retryAt = System.nanoTime() + RETRY_AFTER_NANOS;
                        for (JsonNode result : readResults(r.body())) {
                            if (!"refused".equals(result.path("status").asText())) {
                                continue;
                            }
                            if (result.path("code").asInt() == 503) {
                                retries.add(new Retry(items.get(result.path("index").asInt()), retryAt));
                            } else {
                                bad++;
                            }
                        }
                    }
                    refused.addAndGet(bad);
                    synchronized (second) {
                        second.refused += bad;
                    }
                });
    }

    /** The queued "busy" items whose back-off is over, at most one batch. */
    private List<Integer> drainRetries(java.util.Queue<Retry> retries) {
        List<Integer> again = new ArrayList<>();
        long now = System.nanoTime();
        for (Retry r = retries.peek(); r != null && r.at() <= now && again.size() < batch; r = retries.peek()) {
            again.add(retries.poll().index());
        }
        return again;
    }

    private static JsonNode readResults(String body) {
        try {
            return JSON.readTree(body).path("results");
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static long refusedIn(String body) {
        try {
            return JSON.readTree(body).path("refused").asLong(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Reads the block stream: each final block's commitments that this run submitted become final now. */
    private static void follow(java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream,
                               ConcurrentHashMap<String, Long> submittedAt, Second[] per, long start, AtomicLong finals,
                               List<Long> blockTimes) {
        try {
            stream.get().body().forEach(line -> {
                if (!line.startsWith("data:")) {
                    return;
                }
                long now = System.nanoTime();
                int sec = (int) Math.max(0, (now - start) / 1_000_000_000L);
                try {
                    JsonNode b = JSON.readTree(line.substring(5));
                    blockTimes.add(b.path("timestamp").asLong());
                    Second s = per[Math.min(sec, per.length - 1)];
                    for (JsonNode c : b.path("commitments")) {
                        Long at = submittedAt.remove(c.path("id").asText());
                        if (at != null) {
                            finals.incrementAndGet();
                            synchronized (s) {
                                s.finals++;
                                s.latencies.add((now - at) / 1_000_000L);
                            }
                        }
                    }
                } catch (IOException e) {
                    // a line that is no block summary: not ours to count
                }
            });
        } catch (Exception e) {
            // the stream ends when the run does
        }
    }

    private static final java.util.Map<Long, long[]> LAST_CPU = new ConcurrentHashMap<>();

    /** The mempool depth of the first node and each node's CPU (cores) over the last second, from /proc. */
    /**
     * The signature verifications all nodes have done ({@code bourse_signature_verifications_total}
     * summed over their metrics), or −1 when a node does not say.
     */
    private long verificationsOnNodes(List<Node> nodes) {
        long sum = 0;
        for (Node n : nodes) {
            try {
                HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(n.api()
                        + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofLines());
                java.util.OptionalDouble v = r.body().filter(l -> l.startsWith("bourse_signature_verifications_total"))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
                if (v.isEmpty()) {
                    return -1;
                }
                sum += (long) v.getAsDouble();
            } catch (IOException | RuntimeException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return sum;
    }

    private static void sample(Second s, List<Node> nodes, NodeClient first) {
        try {
            s.mempool = first.get("/v1/status").path("mempool").asLong();
        } catch (Exception e) {
            s.mempool = -1;
        }
        double[] cpu = new double[nodes.size()];
        long now = System.nanoTime();
        for (int i = 0; i < nodes.size(); i++) {
            long pid = nodes.get(i).pid();
            long ticks = cpuTicks(pid);
            long[] last = LAST_CPU.put(pid, new long[] {ticks, now});
            cpu[i] = last == null || ticks < 0 ? 0 : (ticks - last[0]) / 100.0 / ((now - last[1]) / 1e9);
        }
        s.cpu = cpu;
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux), or −1. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String cpuText(double[] cpu) {
        if (cpu.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(" cpu");
        double sum = 0;
        for (double c : cpu) {
            b.append(String.format(" %.2f", c));
            sum += c;
        }
        return b.append(String.format(" (Σ %.2f cores)", sum)).toString();
    }

    static long percentile(List<Long> xs, int p) {
        if (xs.isEmpty()) {
            return 0;
        }
        long[] a = xs.stream().mapToLong(x -> x).sorted().toArray();
        return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
    }

    /** Offered and final per second (top), p50 and p99 latency (bottom), the counted window shaded. */
    static String svg(Second[] per, int seconds, int from) {
        int w = 900;
        int h = 560;
        int left = 70;
        int right = 20;
        int plotW = w - left - right;
        long maxRate = 1;
        long maxLat = 1;
        for (int s = 0; s < seconds; s++) {
            maxRate = Math.max(maxRate, Math.max(per[s].offered, per[s].finals));
            maxLat = Math.max(maxLat, percentile(per[s].latencies, 99));
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        double x0 = left + (double) plotW * from / Math.max(1, seconds);
        b.append(String.format("<rect x=\"%.1f\" y=\"20\" width=\"%.1f\" height=\"%d\" fill=\"#f2f2f2\"/>%n", x0,
                left + plotW - x0, h - 60));
        panel(b, per, seconds, left, plotW, 30, 220, maxRate, "commitments per second", true);
        panel(b, per, seconds, left, plotW, 300, 220, maxLat, "submit → final latency (ms)", false);
        b.append(String.format("<text x=\"%d\" y=\"%d\">seconds (shaded: counted)</text>%n", left + plotW / 2 - 60, h - 8));
        return b.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder b, Second[] per, int seconds, int left, int plotW, int top, int height, long max,
                              String title, boolean rates) {
        b.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", left, top - 6, title));
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + height, left + plotW,
                top + height));
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, top + height));
        for (int i = 0; i <= 4; i++) {
            long v = max * i / 4;
            int y = top + height - height * i / 4;
            b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%,d</text>%n", left - 6, y + 4, v));
        }
        String[][] series = rates ? new String[][] {{"offered", "#999999"}, {"final", "#1f77b4"}}
                : new String[][] {{"p50", "#2ca02c"}, {"p99", "#d62728"}};
        int legend = 0;
        for (String[] s : series) {
            StringBuilder pts = new StringBuilder();
            for (int t = 0; t < seconds; t++) {
                long v = switch (s[0]) {
                    case "offered" -> per[t].offered;
                    case "final" -> per[t].finals;
                    case "p50" -> percentile(per[t].latencies, 50);
                    default -> percentile(per[t].latencies, 99);
                };
                double x = left + (double) plotW * (t + 0.5) / Math.max(1, seconds);
                double y = top + height - (double) height * v / Math.max(1, max);
                pts.append(String.format("%.1f,%.1f ", x, y));
            }
            b.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", s[1], pts));
            b.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + plotW - 120 + legend, top + 14,
                    s[1], s[0]));
            legend += 60;
        }
    }
}
