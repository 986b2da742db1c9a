package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.codec.Reader;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random streams of orders, cancels, swaps, option writes and exercises, contract results
 * and closings over many blocks: after every block, every token is conserved counting reservations
 * and option pools, reservations equal what resting orders hold, books are not crossed, and the
 * chain replays to the same roots.
 */
class MarketPropertiesTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void conservationAndReservationsHoldAfterEveryBlock(long seed) { // covers: M2, M3, M4, K5, N1
        Random rnd = new Random(seed);
        LedgerHarness h = new LedgerHarness();
        List<Address> contracts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            contracts.add(h.create(h.user(3), Amount.ofWhole(1000), Amount.ONE, 0, 0));
        }
        List<Commitment> setup = new ArrayList<>();
        for (int u = 0; u < 4; u++) {
            for (Address c : contracts) {
                setup.add(h.sign(h.user(u), LedgerHarness.buy(c, Amount.ofWhole(50), Amount.ONE)));
            }
        }
        for (Address c : contracts) {
            setup.add(h.sign(h.user(0), LedgerHarness.pay(c, Amount.ofWhole(100))));
        }
        h.normal(setup.toArray(Commitment[]::new));
        List<Hash> orders = new ArrayList<>();
        List<Hash> series = new ArrayList<>();
        for (int b = 0; b < 30; b++) {
            if (rnd.nextInt(8) == 0) {
                h.advance(30_000 + rnd.nextInt(60_000));
            }
            List<Commitment> cs = new ArrayList<>();
            int n = 1 + rnd.nextInt(10);
            for (int i = 0; i < n; i++) {
                cs.add(random(h, rnd, contracts, orders, series));
            }
            h.normal(cs.toArray(Commitment[]::new));
            LedgerPropertiesTest.check(h);
            checkMarket(h);
        }
        LedgerPropertiesTest.replay(h);
        long trades = h.allReceipts.stream().filter(r -> r.message().contains("filled") && !r.message()
                .contains("filled 0 ")).count();
        assertThat(trades).as("the stream trades").isPositive();
        if (System.getProperty("market.stats") != null) {
            TreeMap<String, Integer> stats = new TreeMap<>();
            h.allReceipts.forEach(r -> stats.merge(r.reason() + (r.applied() ? " " + r.message().split(" ")[0] : ""),
                    1, Integer::sum));
            System.out.println("STATS " + stats);
        }
    }

    static TokenId someBase(Random rnd, List<Address> contracts, List<Hash> series) {
        if (!series.isEmpty() && rnd.nextInt(5) == 0) {
            return OptionSeries.token(series.get(rnd.nextInt(series.size())));
        }
        return TokenId.shareOf(contracts.get(rnd.nextInt(contracts.size())));
    }

    static Payload randomPayload(LedgerHarness h, Random rnd, List<Address> contracts, List<Hash> orders,
                                 List<Hash> series) {
        int k = rnd.nextInt(20);
        if (k < 11) {
            TokenId base = someBase(rnd, contracts, series);
            TokenId quote = TokenId.COIN;
            if (k == 10) {
                TokenId other = TokenId.shareOf(contracts.get(rnd.nextInt(contracts.size())));
                if (other.equals(base)) {
                    return new Payloads.CancelOrder(Hash.ZERO);
                }
                quote = base.compareTo(other) < 0 ? other : base;
                base = base.compareTo(other) < 0 ? base : other;
            }
            long price = 10_000L * (50 + rnd.nextInt(150));
            long qty = 10_000L * (1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 3_000));
            OrderType type = OrderType.values()[rnd.nextInt(7) < 4 ? 0 : rnd.nextInt(4)];
            long gtd = rnd.nextInt(4) == 0 ? h.height + 1 + rnd.nextInt(4) : 0;
            return new Payloads.PlaceOrder(base, quote, rnd.nextBoolean() ? Side.BUY : Side.SELL, type,
                    Amount.ofUnits(price), Amount.ofUnits(qty), gtd);
        }
        if (k < 14) {
            return new Payloads.CancelOrder(orders.isEmpty() ? Hash.ZERO : orders.get(rnd.nextInt(orders.size())));
        }
        if (k < 16) {
            Address u = contracts.get(rnd.nextInt(contracts.size()));
            return new Payloads.OptionWrite(u, rnd.nextBoolean() ? OptionType.CALL : OptionType.PUT,
                    Amount.ofUnits(10_000L * (50 + rnd.nextInt(150))), h.height + 2 + rnd.nextInt(8),
                    Amount.ofUnits(10_000L * (1 + rnd.nextInt(500))));
        }
        if (k < 18 && !series.isEmpty()) {
            return new Payloads.OptionExercise(series.get(rnd.nextInt(series.size())),
                    Amount.ofUnits(10_000L * (1 + rnd.nextInt(300))));
        }
        return new Payloads.Transfer(h.user(rnd.nextInt(4)).address(), someBase(rnd, contracts, series),
                Amount.ofUnits(1 + rnd.nextInt(100_000_000)));
    }

    static Commitment random(LedgerHarness h, Random rnd, List<Address> contracts, List<Hash> orders,
                             List<Hash> series) {
        if (rnd.nextInt(150) == 0) {
            return h.sign(h.user(3), new Payloads.ContractClose(contracts.get(rnd.nextInt(contracts.size()))));
        }
        if (rnd.nextInt(5) == 0) {
            Address c = contracts.get(rnd.nextInt(contracts.size()));
            List<Payload> actions = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                Payload p = randomPayload(h, rnd, contracts, orders, series);
                actions.add(p);
                if (p instanceof Payloads.PlaceOrder) {
                    orders.add(Market.contractOrderId(c, h.height, i));
                }
            }
            return h.act(c, actions.toArray(Payload[]::new));
        }
        KeyPair u = h.user(rnd.nextInt(4));
        Payload p = randomPayload(h, rnd, contracts, orders, series);
        Commitment c = h.sign(u, p);
        if (p instanceof Payloads.PlaceOrder) {
            orders.add(c.id());
        }
        if (p instanceof Payloads.OptionWrite w) {
            series.add(OptionSeries.idOf(w.underlying(), w.type(), w.strike().units(), w.expiryHeight()));
        }
        return c;
    }

    /** Reservations equal what resting orders hold and never exceed balances; option supply equals open interest. */
    static void checkMarket(LedgerHarness h) {
        TreeMap<String, Long> fromOrders = new TreeMap<>();
        TreeMap<String, Long> reserved = new TreeMap<>();
        TreeMap<Address, Long> tokenTotals = new TreeMap<>();
        List<OptionSeries> all = new ArrayList<>();
        List<MarketRecord> markets = new ArrayList<>();
        h.state.forEach((k, v) -> {
            byte[] key = k.unsafeValue();
            switch (key[0]) {
                case StateKeys.ORDER -> {
                    RestingOrder o = RestingOrder.fromBytes(v);
                    assertThat(o.remaining()).isPositive();
                    fromOrders.merge(o.owner() + "/" + o.reservedToken(), o.reserved(), Math::addExact);
                }
                case StateKeys.RESERVED -> {
                    Address holder = new Address(Arrays.copyOfRange(key, 1, 21));
                    TokenId token = TokenId.shareOf(new Address(Arrays.copyOfRange(key, 21, 41)));
                    long units = new Reader(v).i64("reserved");
                    assertThat(units).isLessThanOrEqualTo(LedgerState.balance(h.state, holder, token).units());
                    reserved.put(holder + "/" + token, units);
                }
                case StateKeys.BALANCE -> tokenTotals.merge(new Address(Arrays.copyOfRange(key, 21, 41)),
                        new Reader(v).i64("balance"), Math::addExact);
                case StateKeys.SERIES -> all.add(OptionSeries.fromBytes(v));
                case StateKeys.MARKET -> markets.add(MarketRecord.fromBytes(v));
                default -> { }
            }
        });
        assertThat(reserved).as("reservations = what resting orders hold").isEqualTo(fromOrders);
        for (OptionSeries s : all) {
            assertThat(tokenTotals.getOrDefault(s.token().contract(), 0L)).as("option supply = open interest")
                    .isEqualTo(s.open());
            if (s.settled()) {
                assertThat(LedgerState.holdings(h.state, s.pool())).isEmpty();
            }
        }
        for (MarketRecord m : markets) {
            assertThat(m.bestBid() == 0 || m.bestAsk() == 0 || m.bestBid() < m.bestAsk()).as("book not crossed")
                    .isTrue();
        }
    }
}
