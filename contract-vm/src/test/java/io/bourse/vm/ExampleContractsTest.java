package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The example contracts of {@code examples/contracts/} (docs/contracts.md, "Examples") run in the
 * sandbox on realistic contexts, and what they decide is what the ledger would accept: documented
 * actions and arguments, prices and quantities on the 0.0001 grid, within Coin and holdings, no
 * sale of a lot younger than the minimum hold time, the invested ratio kept, and deterministic.
 */
// covers: K6, K9
class ExampleContractsTest {
    static final ContractSandbox SANDBOX = new ContractSandbox();
    static final ObjectMapper JSON = new ObjectMapper();
    static final long BUDGET = 2_000_000;
    static final List<String> EXAMPLES = List.of("market-maker", "momentum", "index-fund", "options-writer", "self-closing");
    static final List<String> FIXTURES = List.of("ctx-invested.json", "ctx-underinvested.json", "ctx-closing.json");
    static final Map<String, Set<String>> ARGUMENTS = Map.of(
            "placeOrder", Set.of("market", "side", "type", "price", "quantity"),
            "cancelOrder", Set.of("id"),
            "buyFromContract", Set.of("contract", "quantity", "maxPrice"),
            "writeOption", Set.of("underlying", "type", "strike", "expiryHeight", "size"),
            "exerciseOption", Set.of("series", "size"));
    static final Set<String> ORDER_TYPES = Set.of("limit", "market", "immediate-or-cancel", "fill-or-kill");
    /** Positive, at most 4 decimals (the tick and the lot are 0.0001), no sign, no exponent. */
    static final Pattern GRID = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]{1,4})?");
    static final Pattern COIN_MARKET = Pattern.compile("(bx[0-9a-f]{48})-coin");

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    // ---- loading -------------------------------------------------------------------------------

    static Path examplesDir() {
        for (String candidate : List.of("../examples/contracts", "examples/contracts")) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("examples/contracts not found from " + Path.of("").toAbsolutePath());
    }

    static String code(String example) {
        try {
            return Files.readString(examplesDir().resolve(example + ".js"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode fixture(String name) {
        try (InputStream in = ExampleContractsTest.class.getResourceAsStream(name)) {
            return (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CallResult call(String example, String entry, JsonNode ctx, Map<String, String> storage) {
        ContractCall c = ContractCall.fromContext(code(example), Address.parse(ctx.path("contract").path("address").asText()), entry,
                Hash.of(ctx.path("block").path("hash").asText().getBytes(StandardCharsets.US_ASCII)),
                ctx.path("block").path("timestamp").asLong(), ctx.toString(), new TreeMap<>(storage), BUDGET);
        return SANDBOX.call(c);
    }

    static Completed completed(CallResult r, String what) {
        assertThat(r).as(what).isInstanceOf(Completed.class);
        return (Completed) r;
    }

    static Completed run(String example, String entry, JsonNode ctx, Map<String, String> storage) {
        return completed(call(example, entry, ctx, storage), example + "." + entry);
    }

    static List<JsonNode> actions(Completed r) {
        List<JsonNode> out = new ArrayList<>();
        for (String a : r.actions()) {
            try {
                out.add(JSON.readTree(a));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static List<JsonNode> orders(Completed r, String side) {
        return actions(r).stream().filter(a -> a.path("type").asText().equals("placeOrder"))
                .map(a -> a.path("args")).filter(o -> o.path("side").asText().equals(side)).toList();
    }

    static String base(String market) {
        return market.substring(0, market.indexOf('-'));
    }

    static BigDecimal dec(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    static BigDecimal mark(JsonNode ctx, String address) {
        for (JsonNode c : ctx.path("market").path("contracts")) {
            if (c.path("address").asText().equals(address)) {
                return dec(c.path("mark"));
            }
        }
        throw new AssertionError("no such contract in the fixture: " + address);
    }

    static JsonNode holding(JsonNode ctx, String token) {
        for (JsonNode h : ctx.path("contract").path("holdings")) {
            if (h.path("token").asText().equals(token)) {
                return h;
            }
        }
        return null;
    }

    /** Shares of a holding in lots held at least minimumHoldMillis at the fixture's block time. */
    static BigDecimal matured(JsonNode ctx, JsonNode h) {
        long now = ctx.path("block").path("timestamp").asLong();
        long min = ctx.path("params").path("minimumHoldMillis").asLong();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode lot : h.path("lots")) {
            if (now - lot.path("acquiredAt").asLong() >= min) {
                sum = sum.add(dec(lot.path("amount")));
            }
        }
        return sum;
    }

    static boolean anyOverdue(JsonNode ctx) {
        long now = ctx.path("block").path("timestamp").asLong();
        long max = ctx.path("params").path("maximumHoldMillis").asLong();
        for (JsonNode h : ctx.path("contract").path("holdings")) {
            for (JsonNode lot : h.path("lots")) {
                if (now - lot.path("acquiredAt").asLong() > max) {
                    return true;
                }
            }
        }
        return false;
    }

    static void assertGrid(JsonNode v, String what) {
        assertThat(v.isTextual()).as(what + " is a decimal string: " + v).isTrue();
        assertThat(v.asText()).as(what).matches(GRID);
        assertThat(dec(v).signum()).as(what + " is positive").isPositive();
    }

    // ---- what the ledger would accept ----------------------------------------------------------

    /** Every check that does not depend on the contract: shape, grid, funds, hold time, state, ratio. */
    static void assertAcceptable(Completed r, JsonNode ctx, String what) {
        JsonNode contract = ctx.path("contract");
        String self = contract.path("address").asText();
        long height = ctx.path("block").path("height").asLong();
        Set<String> contracts = new HashSet<>();
        for (JsonNode c : ctx.path("market").path("contracts")) {
            contracts.add(c.path("address").asText());
        }
        Map<String, JsonNode> open = new HashMap<>();
        for (JsonNode o : contract.path("openOrders")) {
            open.put(o.path("id").asText(), o);
        }
        Set<String> cancelled = new HashSet<>();
        Map<String, BigDecimal> disposed = new HashMap<>();
        BigDecimal buys = BigDecimal.ZERO;
        boolean buysOrWrites = false;
        boolean onlySellsAndCancels = true;
        for (JsonNode a : actions(r)) {
            String type = a.path("type").asText();
            JsonNode args = a.path("args");
            assertThat(ARGUMENTS).as(what + ": a documented action type").containsKey(type);
            Set<String> names = new HashSet<>();
            args.fieldNames().forEachRemaining(names::add);
            assertThat(names).as(what + ": the documented arguments of " + type).isEqualTo(ARGUMENTS.get(type));
            switch (type) {
                case "placeOrder" -> {
                    var m = COIN_MARKET.matcher(args.path("market").asText());
                    assertThat(m.matches()).as(what + ": a BASE-coin market " + args.path("market")).isTrue();
                    String token = m.group(1);
                    assertThat(contracts).as(what + ": the base is a contract").contains(token);
                    assertThat(token).as(what + ": not its own shares").isNotEqualTo(self);
                    assertThat(args.path("side").asText()).isIn("buy", "sell");
                    assertThat(args.path("type").asText()).isIn(ORDER_TYPES);
                    assertGrid(args.path("price"), what + ": price");
                    assertGrid(args.path("quantity"), what + ": quantity");
                    BigDecimal q = dec(args.path("quantity"));
                    if (args.path("side").asText().equals("sell")) {
                        disposed.merge(token, q, BigDecimal::add);
                    } else {
                        buys = buys.add(q.multiply(dec(args.path("price"))));
                        buysOrWrites = true;
                        onlySellsAndCancels = false;
                    }
                }
                case "cancelOrder" -> {
                    assertThat(open).as(what + ": cancels one of its open orders").containsKey(args.path("id").asText());
                    assertThat(cancelled.add(args.path("id").asText())).as(what + ": cancels once").isTrue();
                }
                case "writeOption" -> {
                    String underlying = args.path("underlying").asText();
                    assertThat(contracts).as(what + ": a contract underlying").contains(underlying);
                    assertThat(args.path("type").asText()).isIn("call", "put");
                    assertGrid(args.path("strike"), what + ": strike");
                    assertGrid(args.path("size"), what + ": size");
                    assertThat(args.path("expiryHeight").isIntegralNumber()).as(what + ": expiryHeight is a height").isTrue();
                    assertThat(args.path("expiryHeight").asLong()).as(what + ": expiry ahead").isGreaterThan(height);
                    if (args.path("type").asText().equals("call")) {
                        disposed.merge(underlying, dec(args.path("size")), BigDecimal::add);
                    }
                    buysOrWrites = true;
                    onlySellsAndCancels = false;
                }
                default -> onlySellsAndCancels = false;
            }
        }
        // Coin: new buys are funded from the Coin not reserved by the buy orders it keeps.
        BigDecimal coin = dec(contract.path("coin"));
        Map<String, BigDecimal> releasedShares = new HashMap<>();
        for (JsonNode o : open.values()) {
            if (cancelled.contains(o.path("id").asText())) {
                if (o.path("side").asText().equals("sell")) {
                    releasedShares.merge(base(o.path("market").asText()), dec(o.path("remaining")), BigDecimal::add);
                }
            } else if (o.path("side").asText().equals("buy")) {
                coin = coin.subtract(dec(o.path("remaining")).multiply(dec(o.path("price"))));
            }
        }
        assertThat(buys).as(what + ": buys within its free Coin").isLessThanOrEqualTo(coin);
        // Holdings and hold time: what leaves (sells, call collateral) plus what stays reserved
        // comes from lots held at least minimumHoldMillis (FIFO), and never more than held.
        BigDecimal total = dec(contract.path("coin"));
        BigDecimal investedBefore = BigDecimal.ZERO;
        BigDecimal investedAfter = BigDecimal.ZERO;
        for (JsonNode h : contract.path("holdings")) {
            String token = h.path("token").asText();
            BigDecimal reserved = dec(h.path("reserved")).subtract(releasedShares.getOrDefault(token, BigDecimal.ZERO)).max(BigDecimal.ZERO);
            BigDecimal out = disposed.getOrDefault(token, BigDecimal.ZERO);
            assertThat(out.add(reserved)).as(what + ": never sells a lot younger than minimumHoldMillis (" + token + ")")
                    .isLessThanOrEqualTo(matured(ctx, h));
            BigDecimal m = mark(ctx, token);
            BigDecimal amount = dec(h.path("amount"));
            total = total.add(amount.multiply(m));
            investedBefore = investedBefore.add(amount.subtract(dec(h.path("reserved"))).multiply(m));
            investedAfter = investedAfter.add(amount.subtract(reserved).subtract(out).multiply(m));
        }
        for (String token : disposed.keySet()) {
            assertThat(holding(ctx, token)).as(what + ": disposes only of what it holds").isNotNull();
        }
        String status = contract.path("status").asText();
        if (!status.equals("active")) {
            assertThat(onlySellsAndCancels).as(what + ": a " + status + " contract only sells and cancels").isTrue();
        }
        if (anyOverdue(ctx)) {
            assertThat(buysOrWrites).as(what + ": only disposals while a lot is past the maximum hold time").isFalse();
        } else if (status.equals("active") && total.signum() > 0) {
            MathContext mc = MathContext.DECIMAL64;
            BigDecimal min = dec(ctx.path("params").path("minimumInvestedRatio"));
            BigDecimal after = investedAfter.divide(total, mc);
            assertThat(after.compareTo(min) >= 0 || after.compareTo(investedBefore.divide(total, mc)) >= 0)
                    .as(what + ": the invested ratio stays at least the minimum, or does not fall").isTrue();
        }
    }

    // ---- every example, every fixture ----------------------------------------------------------

    @Test
    void everyExampleCompletesDeterministicallyWithAcceptableActionsOnEveryFixture() {
        for (String example : EXAMPLES) {
            for (String name : FIXTURES) {
                ObjectNode ctx = fixture(name);
                for (String entry : List.of("onCreate", "onNewBlock", "onClosing")) {
                    String what = example + "." + entry + " on " + name;
                    CallResult first = call(example, entry, ctx, Map.of());
                    Completed r = completed(first, what);
                    assertThat(call(example, entry, ctx, Map.of())).as(what + " twice").isEqualTo(first);
                    assertAcceptable(r, ctx, what);
                }
            }
        }
    }

    // ---- behaviour, per example ----------------------------------------------------------------

    @Test
    void theMarketMakerQuotesBidBelowAskAroundTheMarkAndCancelsStaleOrders() {
        ObjectNode ctx = fixture("ctx-invested.json");
        Completed r = run("market-maker", "onNewBlock", ctx, Map.of());
        Map<String, BigDecimal> bids = new HashMap<>();
        for (JsonNode o : orders(r, "buy")) {
            bids.put(o.path("market").asText(), dec(o.path("price")));
            assertThat(dec(o.path("price"))).isLessThan(mark(ctx, base(o.path("market").asText())));
        }
        int both = 0;
        for (JsonNode o : orders(r, "sell")) {
            BigDecimal ask = dec(o.path("price"));
            assertThat(ask).isGreaterThan(mark(ctx, base(o.path("market").asText())));
            BigDecimal bid = bids.get(o.path("market").asText());
            if (bid != null) {
                assertThat(bid).isLessThan(ask);
                both++;
            }
        }
        assertThat(both).as("a market quoted on both sides").isPositive();
        assertThat(bids).as("several markets").hasSizeGreaterThanOrEqualTo(2);
        // both fixture orders are off the new quotes: both cancelled, before any new order
        List<JsonNode> a = actions(r);
        assertThat(a.subList(0, 2)).allMatch(x -> x.path("type").asText().equals("cancelOrder"));

        // the spread comes from storage: a wider configured spread quotes wider
        String wide = "{\"spreadBps\":1000,\"quoteCoin\":\"50\",\"markets\":3}";
        Completed w = run("market-maker", "onNewBlock", ctx, Map.of("config", wide));
        String market = orders(r, "buy").get(0).path("market").asText();
        BigDecimal wideBid = orders(w, "buy").stream().filter(o -> o.path("market").asText().equals(market))
                .map(o -> dec(o.path("price"))).findFirst().orElseThrow();
        assertThat(wideBid).isLessThan(bids.get(market));
        assertThat(run("market-maker", "onCreate", ctx, Map.of()).storageWrites()).containsKey("config");

        // an open order already at the new quote is kept, not cancelled and not placed again
        JsonNode firstBid = orders(r, "buy").get(0);
        ObjectNode again = ctx.deepCopy();
        ArrayNode open = (ArrayNode) again.path("contract").path("openOrders");
        open.removeAll();
        open.addObject().put("id", "ab".repeat(32)).put("market", firstBid.path("market").asText()).put("side", "buy")
                .put("price", firstBid.path("price").asText()).put("remaining", firstBid.path("quantity").asText());
        Completed k = run("market-maker", "onNewBlock", again, Map.of());
        assertThat(actions(k)).noneMatch(x -> x.path("type").asText().equals("cancelOrder"));
        assertThat(orders(k, "buy")).noneMatch(o -> o.path("market").equals(firstBid.path("market")));
        assertAcceptable(k, again, "market-maker keeping an order");
    }

    @Test
    void theIndexFundBuysWhenUnderInvestedUpToAtLeastTheMinimumRatio() {
        ObjectNode ctx = fixture("ctx-underinvested.json");
        Completed r = run("index-fund", "onNewBlock", ctx, Map.of());
        List<JsonNode> buys = orders(r, "buy");
        assertThat(buys).as("buys across the active contracts").hasSizeGreaterThanOrEqualTo(3);
        assertThat(orders(r, "sell")).isEmpty();
        BigDecimal invested = BigDecimal.ZERO;
        for (JsonNode h : ctx.path("contract").path("holdings")) {
            invested = invested.add(dec(h.path("amount")).multiply(mark(ctx, h.path("token").asText())));
        }
        BigDecimal total = dec(ctx.path("contract").path("coin")).add(invested);
        for (JsonNode o : buys) {
            invested = invested.add(dec(o.path("quantity")).multiply(mark(ctx, base(o.path("market").asText()))));
        }
        assertThat(invested.divide(total, MathContext.DECIMAL64))
                .isGreaterThanOrEqualTo(dec(ctx.path("params").path("minimumInvestedRatio")));
    }

    @Test
    void momentumSellsAfterAFallBuysAfterARiseAndAlwaysSellsOverdueLots() {
        ObjectNode ctx = fixture("ctx-invested.json");
        String alpha = ctx.path("contract").path("holdings").get(0).path("token").asText();
        String gamma = ctx.path("market").path("contracts").get(3).path("address").asText();
        String history = "{\"height\":999,\"marks\":{\"" + alpha + "\":[\"1.3\",\"1.25\",\"1.2\",\"1.15\",\"1.1\",\"1.08\"],\""
                + gamma + "\":[\"0.35\",\"0.37\",\"0.39\",\"0.4\",\"0.41\",\"0.42\"]}}";
        Completed r = run("momentum", "onNewBlock", ctx, Map.of("history", history));
        assertThat(orders(r, "sell")).as("sells the faller").anyMatch(o -> o.path("market").asText().equals(alpha + "-coin"));
        assertThat(orders(r, "buy")).as("buys the riser").anyMatch(o -> o.path("market").asText().equals(gamma + "-coin"));
        assertAcceptable(r, ctx, "momentum with a history");
        assertThat(r.storageWrites().get("history")).contains("\"height\":1000");

        // without a history it trades nothing, but a lot past maximumHoldMillis is sold anyway
        ObjectNode overdue = ctx.deepCopy();
        long now = ctx.path("block").path("timestamp").asLong();
        long max = ctx.path("params").path("maximumHoldMillis").asLong();
        JsonNode beta = overdue.path("contract").path("holdings").get(1);
        ((ObjectNode) beta.path("lots").get(0)).put("acquiredAt", now - max - 1);
        Completed o = run("momentum", "onNewBlock", overdue, Map.of());
        assertThat(orders(o, "sell")).singleElement().satisfies(s -> {
            assertThat(s.path("market").asText()).isEqualTo(beta.path("token").asText() + "-coin");
            assertThat(dec(s.path("quantity"))).isEqualByComparingTo(dec(beta.path("lots").get(0).path("amount")));
        });
        assertThat(orders(o, "buy")).isEmpty();
        assertAcceptable(o, overdue, "momentum with an overdue lot");
    }

    @Test
    void theOptionsWriterWritesCoveredCallsAboveTheMarkOnlyOnContractsItHoldsAndRecordsThem() {
        ObjectNode ctx = fixture("ctx-invested.json");
        Completed r = run("options-writer", "onNewBlock", ctx, Map.of());
        List<JsonNode> writes = actions(r).stream().filter(a -> a.path("type").asText().equals("writeOption"))
                .map(a -> a.path("args")).toList();
        assertThat(writes).isNotEmpty();
        for (JsonNode w : writes) {
            String underlying = w.path("underlying").asText();
            JsonNode h = holding(ctx, underlying);
            assertThat(h).as("only on a contract it holds").isNotNull();
            assertThat(w.path("type").asText()).isEqualTo("call");
            assertThat(dec(w.path("strike"))).isGreaterThan(mark(ctx, underlying));
            assertThat(dec(w.path("size"))).isLessThanOrEqualTo(matured(ctx, h));
            assertThat(r.storageWrites().get("series")).contains(underlying);
        }
        String closing = ctx.path("market").path("contracts").get(5).path("address").asText();
        assertThat(writes).as("not on a Closing underlying").noneMatch(w -> w.path("underlying").asText().equals(closing));
        // next block: the series are live, nothing is written twice on one underlying
        ObjectNode next = ctx.deepCopy();
        ((ObjectNode) next.path("block")).put("height", ctx.path("block").path("height").asLong() + 1);
        Completed again = run("options-writer", "onNewBlock", next, r.storageWrites());
        assertThat(actions(again)).noneMatch(a -> a.path("type").asText().equals("writeOption"));
    }

    @Test
    void selfClosingTradesWhileActiveAndOnClosingSellsEverythingItMayForCoin() {
        ObjectNode active = fixture("ctx-invested.json");
        assertThat(orders(run("self-closing", "onNewBlock", active, Map.of()), "buy")).hasSize(1);
        assertThat(orders(run("self-closing", "onNewBlock", active, Map.of("blocks", "10")), "buy"))
                .as("trading is brief").isEmpty();

        ObjectNode ctx = fixture("ctx-closing.json");
        Completed r = run("self-closing", "onClosing", ctx, Map.of());
        Map<String, BigDecimal> sold = new HashMap<>();
        for (JsonNode a : actions(r)) {
            assertThat(a.path("type").asText()).isIn("placeOrder", "cancelOrder");
            if (a.path("type").asText().equals("placeOrder")) {
                assertThat(a.path("args").path("side").asText()).isEqualTo("sell");
                assertThat(a.path("args").path("market").asText()).endsWith("-coin");
                sold.merge(base(a.path("args").path("market").asText()), dec(a.path("args").path("quantity")), BigDecimal::add);
            }
        }
        for (JsonNode h : ctx.path("contract").path("holdings")) {
            BigDecimal lots = matured(ctx, h).setScale(4, java.math.RoundingMode.DOWN);
            assertThat(sold.getOrDefault(h.path("token").asText(), BigDecimal.ZERO))
                    .as("sells all it may of " + h.path("token").asText()).isEqualByComparingTo(lots);
        }
        assertThat(run("self-closing", "onNewBlock", ctx, Map.of()).actions())
                .as("onNewBlock on a Closing contract liquidates the same way").isEqualTo(r.actions());
    }

    // ---- twenty blocks -------------------------------------------------------------------------

    static final int[] MOVES_BPS = {0, 150, 300, 450, 600, 400, 200, 0, -200, -400, -600, -450, -300};

    /** The fixture at block b: later height and time, new hash, marks moved by a fixed pattern. */
    static ObjectNode atBlock(ObjectNode base, int b) {
        ObjectNode ctx = base.deepCopy();
        ObjectNode block = (ObjectNode) ctx.path("block");
        block.put("height", base.path("block").path("height").asLong() + b);
        block.put("timestamp", base.path("block").path("timestamp").asLong() + b * 60_000L);
        block.put("hash", Hash.of(new byte[] {(byte) b}).toString());
        int i = 0;
        for (JsonNode c : ctx.path("market").path("contracts")) {
            BigDecimal move = BigDecimal.valueOf(10_000 + MOVES_BPS[(b + 3 * i++) % MOVES_BPS.length], 4);
            ((ObjectNode) c).put("mark", dec(c.path("mark")).multiply(move).setScale(8, java.math.RoundingMode.DOWN)
                    .stripTrailingZeros().toPlainString());
        }
        return ctx;
    }

    static List<CallResult> runBlocks(String example, ObjectNode base, int blocks, Map<String, String> storage) {
        List<CallResult> results = new ArrayList<>();
        CallResult created = call(example, "onCreate", base, storage);
        results.add(created);
        apply(storage, completed(created, example + ".onCreate"));
        for (int b = 1; b <= blocks; b++) {
            ObjectNode ctx = atBlock(base, b);
            CallResult r = call(example, "onNewBlock", ctx, storage);
            results.add(r);
            Completed c = completed(r, example + " at block " + b);
            assertAcceptable(c, ctx, example + " at block " + b);
            apply(storage, c);
        }
        return results;
    }

    static void apply(Map<String, String> storage, Completed c) {
        c.storageWrites().forEach((k, v) -> {
            if (v == null) {
                storage.remove(k);
            } else {
                storage.put(k, v);
            }
        });
    }

    @Test
    void everyExampleRunsTwentyBlocksDeterministicallyWithBoundedStorage() {
        for (String example : EXAMPLES) {
            for (String name : List.of("ctx-invested.json", "ctx-underinvested.json")) {
                ObjectNode base = fixture(name);
                Map<String, String> storage = new TreeMap<>();
                List<CallResult> first = runBlocks(example, base, 20, storage);
                Map<String, String> second = new TreeMap<>();
                assertThat(runBlocks(example, base, 20, second)).as(example + " on " + name + ", twice").isEqualTo(first);
                assertThat(second).isEqualTo(storage);
                int chars = storage.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
                assertThat(storage.size()).as(example + ": storage keys").isLessThanOrEqualTo(4);
                assertThat(chars).as(example + ": storage size").isLessThanOrEqualTo(4096);
                // and it stops growing: ten more blocks leave it about the same size
                Map<String, String> longer = new TreeMap<>();
                runBlocks(example, base, 30, longer);
                int more = longer.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
                assertThat(longer.size()).isEqualTo(storage.size());
                assertThat(more).as(example + ": bounded").isLessThanOrEqualTo(chars + 64);
            }
        }
    }
}
