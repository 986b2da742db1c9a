package io.bourse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.BlockInput;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractCall;
import io.bourse.vm.ContractRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic market for contract benchmarks, and the calls the execution server would make
 * on it. Self-contained: no ledger, no state; the ctx JSON has the shape {@code ContractContext}
 * builds (block, contract, market, params, members in its order), with values drawn once from a
 * fixed seed, in integer units of 10^-8 (no floating point).
 *
 * <p>The market lists {@code size} contracts ({@code bx…} addresses derived from their index);
 * each has a mark, a direct-sale price, a bid and an ask one tick-rounded percent around the mark
 * (none on every 13th), a last price. Marks drift by a fixed number of basis points per block
 * (−100 … +100 by index), so momentum sees trends. Contract {@code i}'s own section holds Coin,
 * four holdings of other contracts (one to three lots each, some younger than minimumHoldMillis,
 * none past maximumHoldMillis), an open sell on one holding and an open buy on another contract.
 *
 * <p>The example contracts come from the jar (bench's pom copies {@code examples/contracts/*.js}).
 */
final class ContractWorkload {
    /** The five example contracts, in the order a block of N contracts cycles through them. */
    static final List<String> EXAMPLES = List.of("market-maker", "index-fund", "momentum", "options-writer", "self-closing");
    static final long BUDGET = 1_000_000; // docs/parameters.md: the default contractStatementBudget
    static final long HEIGHT = 10_000;
    static final long GENESIS_MILLIS = 1_700_000_000_000L;
    static final long BLOCK_MILLIS = 1_000;
    static final long HOUR_MILLIS = 3_600_000;
    /** Blocks run (onCreate, then onNewBlock) before the measured height, so storage is in its steady state. */
    static final int HISTORY_BLOCKS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long UNIT = 100_000_000L;
    private static final long TICK = 10_000L;

    private final int size;
    private final int closingEvery;
    private final Address[] address;
    private final long[] baseMark;
    private final long[] directPrice;
    private final long[] shares;
    private final int[] driftBps;
    private final Map<Long, BlockInput> blocks = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param size         contracts listed in the market
     * @param closingEvery every this many listed contracts (index % closingEvery == closingEvery − 1)
     *                     is Closing; 0: all Active
     * @param seed         fixes every drawn value
     */
    ContractWorkload(int size, int closingEvery, long seed) {
        if (size < 8) {
            throw new IllegalArgumentException("a market needs at least 8 contracts, got " + size);
        }
        this.size = size;
        this.closingEvery = closingEvery;
        SplittableRandom rnd = new SplittableRandom(seed);
        address = new Address[size];
        baseMark = new long[size];
        directPrice = new long[size];
        shares = new long[size];
        driftBps = new int[size];
        for (int i = 0; i < size; i++) {
            address[i] = Address.derived("bench/contract", ByteBuffer.allocate(4).putInt(i).array());
            baseMark[i] = rnd.nextLong(UNIT / 10, 20 * UNIT); // 0.1 to 20 Coin, 8 decimals
            directPrice[i] = roundDown(baseMark[i] * rnd.nextLong(90, 111) / 100, TICK);
            shares[i] = rnd.nextLong(10_000, 10_000_000) * UNIT;
            driftBps[i] = (int) (i % 5 - 2) * 50; // -100, -50, 0, 50, 100 bps per block
        }
    }

    int size() {
        return size;
    }

    Address address(int i) {
        return address[i];
    }

    boolean active(int i) {
        return closingEvery == 0 || i % closingEvery != closingEvery - 1;
    }

    /** The example contract run as contract {@code i} in a block of many. */
    static String exampleOf(int i) {
        return EXAMPLES.get(i % EXAMPLES.size());
    }

    static String code(String example) {
        String resource = "contracts/" + example + ".js";
        try (InputStream in = ContractWorkload.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not in the bench jar (bench's pom copies examples/contracts)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long millisAt(long height) {
        return GENESIS_MILLIS + height * BLOCK_MILLIS;
    }

    static Hash hashAt(long height) {
        return Hash.of(("bench-block-" + height).getBytes(StandardCharsets.US_ASCII));
    }

    /** The mark of contract {@code i} at {@code height}: its base moved by its drift per block since HEIGHT. */
    long mark(int i, long height) {
        long m = baseMark[i] * (10_000 + driftBps[i] * (height - HEIGHT)) / 10_000;
        return Math.max(TICK, m);
    }

    /** The whole ctx of contract {@code self} at {@code height}, compact JSON. */
    String ctx(int self, long height) {
        ObjectNode root = shared(height);
        root.set("contract", own(self, height));
        return root.toString();
    }

    /** What every call at {@code height} shares (block, market, params), built once per height. */
    BlockInput blockInput(long height) {
        return blocks.computeIfAbsent(height, h -> new BlockInput(hashAt(h), millisAt(h), shared(h).toString()));
    }

    private ObjectNode own(int self, long height) {
        ObjectNode o = JSON.createObjectNode();
        contract(o, self, height);
        return o;
    }

    private ObjectNode shared(long height) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("block").put("height", height).put("timestamp", millisAt(height)).put("hash", hashAt(height).hex());
        ArrayNode all = root.putObject("market").putArray("contracts");
        for (int i = 0; i < size; i++) {
            long mark = mark(i, height);
            ObjectNode x = all.addObject().put("address", address[i].text()).put("status", active(i) ? "active" : "closing")
                    .put("shares", text(shares[i])).put("price", text(directPrice[i])).put("mark", text(mark));
            if (i % 13 == 12) {
                x.putNull("bid").putNull("ask");
            } else {
                x.put("bid", text(roundDown(mark * 99 / 100, TICK))).put("ask", text(roundDown(mark * 101 / 100, TICK) + TICK));
            }
            x.put("last", text(roundDown(mark, TICK))).put("lastTradeHeight", height - 1 - i % 7);
        }
        root.putObject("params").put("minimumHoldMillis", HOUR_MILLIS).put("maximumHoldMillis", 7 * 24 * HOUR_MILLIS)
                .put("minimumInvestedRatio", "0.2").put("minimumSharePrice", "0.01").put("exchangeFee", "0.001")
                .put("statementBudget", BUDGET);
        return root;
    }

    /** Four holdings of other Active contracts, an open sell on the first, an open buy on a fifth. */
    private void contract(ObjectNode o, int self, long height) {
        long now = millisAt(height);
        SplittableRandom rnd = new SplittableRandom(31L * self + 7); // its own portfolio, the same at every height
        int[] held = new int[4];
        for (int k = 0, j = self + 1; k < held.length; j++) {
            int c = j % size;
            if (c != self && active(c)) {
                held[k++] = c;
            }
        }
        int buyOn = (held[3] + 1) % size == self ? (held[3] + 2) % size : (held[3] + 1) % size;
        long sellQty = 5 * UNIT;
        long sellPrice = roundDown(mark(held[0], height) * 103 / 100, TICK);
        long buyQty = 20 * UNIT;
        long buyPrice = roundDown(mark(buyOn, height) * 97 / 100, TICK);
        long coin = rnd.nextLong(2_000, 20_000) * UNIT;
        o.put("address", address[self].text()).put("status", active(self) ? "active" : "closing")
                .put("shares", text(shares[self])).put("treasury", text(shares[self] * 9 / 10))
                .put("price", text(directPrice[self])).put("coin", text(coin))
                .put("coinReserved", text(buyQty / UNIT * buyPrice));
        ArrayNode holdings = o.putArray("holdings");
        for (int k = 0; k < held.length; k++) {
            int c = held[k];
            ObjectNode h = holdings.addObject().put("token", address[c].text());
            ArrayNode lots = JSON.createArrayNode();
            long amount = 0;
            int n = 1 + (self + k) % 3;
            for (int l = 0; l < n; l++) {
                long q = rnd.nextLong(10, 400) * UNIT + rnd.nextLong(0, 10_000) * TICK;
                // the newest lot of the second holding is younger than an hour: not sellable yet
                long age = k == 1 && l == n - 1 ? rnd.nextLong(60_000, HOUR_MILLIS) : rnd.nextLong(HOUR_MILLIS, 5 * 24 * HOUR_MILLIS);
                lots.addObject().put("amount", text(q)).put("acquiredAt", now - age);
                amount += q;
            }
            h.put("amount", text(amount)).put("reserved", text(k == 0 ? sellQty : 0));
            h.set("lots", lots);
        }
        ArrayNode orders = o.putArray("openOrders");
        orders.addObject().put("id", Hash.of(("order-sell-" + self).getBytes(StandardCharsets.US_ASCII)).hex())
                .put("market", address[held[0]].text() + "-coin").put("side", "sell").put("price", text(sellPrice))
                .put("remaining", text(sellQty));
        orders.addObject().put("id", Hash.of(("order-buy-" + self).getBytes(StandardCharsets.US_ASCII)).hex())
                .put("market", address[buyOn].text() + "-coin").put("side", "buy").put("price", text(buyPrice))
                .put("remaining", text(buyQty));
    }

    /** The call of contract {@code self} running {@code example} at {@code height} with {@code storage}. */
    ContractCall call(String code, int self, String entry, long height, Map<String, String> storage) {
        return ContractCall.of(code, address[self], entry, blockInput(height), own(self, height).toString(),
                new TreeMap<>(storage), BUDGET);
    }

    /**
     * The onNewBlock call at {@link #HEIGHT} with the storage the contract would have there: its
     * onCreate at HEIGHT − HISTORY_BLOCKS, then onNewBlock on each block up to HEIGHT − 1, writes
     * applied (market-maker's config, momentum's price history, options-writer's series, …).
     *
     * @throws IllegalStateException if any of those calls fails
     */
    ContractCall steadyCall(ContractRunner runner, String example, int self) {
        String code = code(example);
        Map<String, String> storage = new TreeMap<>();
        for (long h = HEIGHT - HISTORY_BLOCKS; h < HEIGHT; h++) {
            String entry = h == HEIGHT - HISTORY_BLOCKS ? "onCreate" : "onNewBlock";
            CallResult r = runner.runAll(List.of(call(code, self, entry, h, storage))).get(0);
            apply(storage, completed(r, example + "." + entry + " at height " + h));
        }
        return call(code, self, "onNewBlock", HEIGHT, storage);
    }

    static CallResult.Completed completed(CallResult r, String what) {
        if (r instanceof CallResult.Completed c) {
            return c;
        }
        throw new IllegalStateException(what + " did not complete: " + r);
    }

    /**
     * Fails unless the call completed with at least one action or storage write: a benchmark of
     * a call that throws or decides nothing would measure the wrong thing.
     */
    static CallResult.Completed requireWork(CallResult r, String what) {
        CallResult.Completed c = completed(r, what);
        if (c.actions().isEmpty() && c.storageWrites().isEmpty()) {
            throw new IllegalStateException(what + " completed without any action or storage write");
        }
        return c;
    }

    private static void apply(Map<String, String> storage, CallResult.Completed c) {
        c.storageWrites().forEach((k, v) -> {
            if (v == null) {
                storage.remove(k);
            } else {
                storage.put(k, v);
            }
        });
    }

    /** N calls, one per contract of a market of N, cycling through the examples (see {@link #exampleOf}). */
    static List<ContractCall> block(ContractWorkload market, ContractRunner runner) {
        List<ContractCall> calls = new ArrayList<>(market.size());
        for (int i = 0; i < market.size(); i++) {
            calls.add(market.steadyCall(runner, exampleOf(i), i));
        }
        return calls;
    }

    private static long roundDown(long units, long grid) {
        return units - units % grid;
    }

    /** Units of 10^-8 as the decimal text of ctx: "12.5", "0.0001", "3". */
    static String text(long units) {
        return BigDecimal.valueOf(units, 8).stripTrailingZeros().toPlainString();
    }
}
