package io.bourse.core.ledger;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.market.MarketRules;
import io.bourse.core.market.MatchListener;
import io.bourse.core.market.MatchingBook;
import io.bourse.core.market.OrderBook;
import io.bourse.core.market.TimeInForce;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * M2, M3: the exchange inside the state transition. The state is the truth: every resting order is
 * an entry under {@link StateKeys#order} whose keys sort in priority order, so the state root
 * commits to every book. For speed, a block keeps the books it touches in memory as
 * {@link OrderBook}s (the matching core), loaded by one prefix scan at first use and written
 * through on every change. When a commitment is rolled back, the books it touched are dropped
 * from the cache ({@link #rollbackTo}) and reloaded from the state if needed again, so the cache
 * can never disagree with the state.
 *
 * <p>Funds: an order must be covered when placed (a buy by price × quantity of quote at its limit,
 * a sell by its quantity of base) out of the owner's available balance (balance − reserved). What
 * rests stays in the owner's balance but is reserved ({@link StateKeys#reserved}); fills take it
 * from there; cancel, expiry and self-trade prevention release it. So escrow never leaves the
 * balance tables and every conservation check counts it.
 */
final class Exchange {
    /** One book held in memory for the block. */
    private static final class LoadedBook {
        final TokenId base;
        final TokenId quote;
        final OrderBook core = new OrderBook();
        final Map<Long, RestingOrder> bySeq = new HashMap<>(); // looked up only, never iterated

        LoadedBook(TokenId base, TokenId quote) {
            this.base = base;
            this.quote = quote;
        }
    }

    /** What a placement did, for the receipt. */
    record Placed(long filled, long paidOrReceived, long resting, boolean killed, int selfTradeCancels) {
        String describe(Hash id) {
            if (killed) {
                return "order " + id + ": fill-or-kill could not fill whole, nothing traded";
            }
            return "order " + id + ": filled " + Amount.ofUnits(filled) + " for " + Amount.ofUnits(paidOrReceived)
                    + (resting > 0 ? ", " + Amount.ofUnits(resting) + " resting" : "")
                    + (selfTradeCancels > 0 ? ", " + selfTradeCancels + " own resting order(s) cancelled (self-trade)" : "");
        }
    }

    private final Map<Bytes, LoadedBook> books = new HashMap<>(); // looked up only, never iterated
    private final List<Bytes> touched = new ArrayList<>();
    private final Map<Address, Long> owners = new HashMap<>(); // address → core handle; looked up only

    /** A point to roll the cache back to. */
    int mark() {
        return touched.size();
    }

    /** Drops every book touched since {@code mark} (their state changes were discarded). */
    void rollbackTo(int mark) {
        for (int i = touched.size() - 1; i >= mark; i--) {
            books.remove(touched.remove(i));
        }
    }

    /** Forgets the touch log once changes are final for the block. */
    void settle() {
        touched.clear();
    }

    private long handle(Address owner) {
        return owners.computeIfAbsent(owner, a -> (long) owners.size());
    }

    private LoadedBook book(StateReader s, TokenId base, TokenId quote) {
        Bytes key = Bytes.of(StateKeys.book(base, quote));
        LoadedBook b = books.get(key);
        if (b == null) {
            b = new LoadedBook(base, quote);
            for (byte[] v : s.scan(StateKeys.orderPrefix(base, quote)).values()) {
                RestingOrder o = RestingOrder.fromBytes(v);
                b.core.restore(o.seq(), handle(o.owner()), o.side(), o.price(), o.remaining());
                b.bySeq.put(o.seq(), o);
            }
            books.put(key, b);
        }
        touched.add(key);
        return b;
    }

    /** Who places an order, and under which rules. */
    record Trader(Address owner, Optional<ContractRecord> contract, boolean ledger) {
        static Trader key(Address a) {
            return new Trader(a, Optional.empty(), false);
        }
    }

    /**
     * Places an order: checks, matching in price-time priority, settlement of every fill, then rests
     * the remainder of a LIMIT order.
     */
    Result<Placed> place(StateOverlay s, NetworkParameters p, BlockContext ctx, Trader t, Hash id,
                         Payloads.PlaceOrder o) {
        Result<Void> bad = validate(s, p, ctx, t, o);
        if (bad.failed()) {
            return bad.propagate();
        }
        boolean buy = o.side() == Side.BUY;
        TokenId pays = buy ? o.quote() : o.base();
        long need = buy ? MarketRules.value(o.price().units(), o.quantity().units()) : o.quantity().units();
        Amount available = Tokens.available(s, t.owner(), pays);
        if (available.units() < need) {
            return Result.fail(RejectReason.INSUFFICIENT_BALANCE, "order needs " + Amount.ofUnits(need)
                    + " " + pays + " but only " + available + " is available (balance less reserved)");
        }
        if (!t.ledger() && t.contract().isPresent() && Tokens.hasLots(s, t.owner(), pays)) {
            Amount committed = LedgerState.reserved(s, t.owner(), pays).plus(Amount.ofUnits(need));
            Result<Void> young = Tokens.holdTime(p, t.owner(), pays, committed,
                    LedgerState.lots(s, t.owner(), pays), ctx.timestampMillis());
            if (young.failed()) {
                return young.propagate();
            }
        }
        if (id != null && s.get(StateKeys.orderId(id)).isPresent()) {
            return Result.fail(RejectReason.INVALID_ORDER, "order " + id + " already rests");
        }
        LoadedBook b = book(s, o.base(), o.quote());
        long seq = nextSeq(s);
        Fills fills = new Fills(s, p, ctx, b, t.owner(), buy);
        TimeInForce tif = switch (o.type()) {
            case LIMIT -> TimeInForce.REST;
            case MARKET, IMMEDIATE_OR_CANCEL -> TimeInForce.IOC;
            case FILL_OR_KILL -> TimeInForce.FOK;
        };
        long rest = b.core.place(seq, handle(t.owner()), o.side(), o.price().units(), o.quantity().units(), tif, fills);
        if (rest == MatchingBook.KILLED) {
            return Result.ok(new Placed(0, 0, 0, true, 0));
        }
        if (rest > 0) {
            long reserved = buy ? MarketRules.value(o.price().units(), rest) : rest;
            RestingOrder r = new RestingOrder(id, t.owner(), o.base(), o.quote(), o.side(), o.price().units(),
                    o.quantity().units(), rest, reserved, o.goodTillHeight(), seq, ctx.height());
            Tokens.reserve(s, t.owner(), pays, reserved);
            write(s, r);
            s.put(StateKeys.orderId(id), StateKeys.order(r.base(), r.quote(), r.buy(), r.price(), seq).unsafeValue());
            s.put(StateKeys.openOrder(t.owner(), id), PRESENT);
            b.bySeq.put(seq, r);
            if (o.goodTillHeight() > 0) {
                HeightQueue.add(s, HeightQueue.ORDERS, o.goodTillHeight(), id.bytes());
            }
        }
        summarize(s, b);
        return Result.ok(new Placed(fills.filled, fills.quoteMoved, rest, false, fills.selfTrades));
    }

    private static final byte[] PRESENT = {1};
    /** The context of a fill's settlement that failed (a broken invariant: the taker was checked). */
    private static final String SETTLEMENT = "settlement failed: ";

    private Result<Void> validate(StateReader s, NetworkParameters p, BlockContext ctx, Trader t,
                                  Payloads.PlaceOrder o) {
        if (!MarketRules.bookOf(o.base(), o.quote()).get(0).equals(o.base())) {
            return invalid(o.base().isCoin() ? "Coin is always the quote: place the order on the " + o.quote() + "/coin book"
                    : "a share swap book is named lower token first: use base " + o.quote() + ", quote " + o.base()
                            + " with the other side");
        }
        Result<Void> tok = tradeable(s, o.base());
        if (!tok.failed()) {
            tok = tradeable(s, o.quote());
        }
        if (tok.failed()) {
            return tok;
        }
        Optional<String> grid = MarketRules.offGrid(o.price().units(), o.quantity().units());
        if (grid.isPresent()) {
            return invalid(grid.get());
        }
        if (o.type() == Payloads.OrderType.LIMIT && o.goodTillHeight() != 0 && o.goodTillHeight() < ctx.height()) {
            return invalid("goodTillHeight " + o.goodTillHeight() + " has passed (this block is " + ctx.height() + ")");
        }
        if (t.contract().isPresent() && !t.ledger()) {
            ContractRecord c = t.contract().get();
            if (c.status() == ContractStatus.CLOSING && (o.side() != Side.SELL || !o.quote().isCoin()
                    || o.base().equals(c.token()))) {
                return Result.fail(RejectReason.CONTRACT_STATE, "contract " + c.address()
                        + " is Closing: it may only sell its holdings for Coin (K5)");
            }
            if (c.status() != ContractStatus.ACTIVE && c.status() != ContractStatus.CLOSING) {
                return Result.fail(RejectReason.CONTRACT_STATE, "contract " + c.address() + " is "
                        + c.status() + ": it cannot trade (K4)");
            }
        }
        return Result.ok();
    }

    private static Result<Void> invalid(String why) {
        return Result.fail(RejectReason.INVALID_ORDER, why);
    }

    /** Coin, shares of a contract not Closed, or the token of a live option series. */
    static Result<Void> tradeable(StateReader s, TokenId token) {
        if (token.isCoin()) {
            return Result.ok();
        }
        Optional<ContractRecord> c = LedgerState.contract(s, token.contract());
        if (c.isPresent()) {
            return c.get().status() == ContractStatus.CLOSED ? Result.fail(RejectReason.CONTRACT_STATE,
                    "contract " + token + " is Closed: its shares no longer trade (K5)") : Result.ok();
        }
        Optional<OptionSeries> series = Market.series(s, token);
        if (series.isPresent()) {
            return series.get().settled() ? invalid("option series " + series.get().id() + " has settled")
                    : Result.ok();
        }
        return invalid("token " + token + " is neither Coin, a contract's shares nor an option series");
    }

    private static long nextSeq(StateOverlay s) {
        long seq = s.get(StateKeys.orderSeq()).map(b -> new io.bourse.core.codec.Reader(b).i64("seq")).orElse(1L);
        s.put(StateKeys.orderSeq(), StateKeys.u64(seq + 1));
        return seq;
    }

    private static void write(StateOverlay s, RestingOrder r) {
        s.put(StateKeys.order(r.base(), r.quote(), r.buy(), r.price(), r.seq()), r.toBytes());
    }

    /** Removes a resting order's records and releases what it still reserves. */
    private static void remove(StateOverlay s, RestingOrder r) {
        s.delete(StateKeys.order(r.base(), r.quote(), r.buy(), r.price(), r.seq()));
        s.delete(StateKeys.orderId(r.id()));
        s.delete(StateKeys.openOrder(r.owner(), r.id()));
        if (r.reserved() > 0) {
            Tokens.release(s, r.owner(), r.reservedToken(), r.reserved());
        }
    }

    private static void summarize(StateOverlay s, LoadedBook b) {
        MarketRecord m = Market.record(s, b.base, b.quote);
        long bid = b.core.bestBid();
        long ask = b.core.bestAsk();
        MarketRecord next = new MarketRecord(m.lastPrice(), m.lastTradeHeight(), bid == MatchingBook.NONE ? 0 : bid,
                ask == MatchingBook.NONE ? 0 : ask, m.trades());
        if (!next.equals(m)) {
            s.put(StateKeys.market(b.base, b.quote), next.toBytes());
        }
        if (m.equals(MarketRecord.EMPTY)) {
            s.put(StateKeys.bookOfToken(b.base, b.quote), StateKeys.book(b.base, b.quote));
            s.put(StateKeys.bookOfToken(b.quote, b.base), StateKeys.book(b.base, b.quote));
        }
    }

    /** Cancels {@code owner}'s resting order {@code id}. */
    Result<Long> cancel(StateOverlay s, Address owner, Hash id) {
        Optional<byte[]> key = s.get(StateKeys.orderId(id));
        if (key.isEmpty()) {
            return Result.fail(RejectReason.UNKNOWN_ORDER, "no order " + id + " rests on any book");
        }
        RestingOrder r = RestingOrder.fromBytes(s.get(Bytes.of(key.get())).orElseThrow());
        if (!r.owner().equals(owner)) {
            return Result.fail(RejectReason.UNKNOWN_ORDER, "order " + id + " is not " + owner + "'s");
        }
        return Result.ok(cancelResting(s, r));
    }

    private long cancelResting(StateOverlay s, RestingOrder r) {
        LoadedBook b = book(s, r.base(), r.quote());
        long left = b.core.cancel(r.seq());
        if (left != r.remaining()) {
            throw new IllegalStateException("book cache and state disagree on order " + r.id());
        }
        b.bySeq.remove(r.seq());
        remove(s, r);
        summarize(s, b);
        return left;
    }

    /** Expiry: every order whose goodTillHeight was the previous block leaves its book, in placement order. */
    void expire(StateOverlay s, long height) {
        for (byte[] id : HeightQueue.drain(s, HeightQueue.ORDERS, height - 1)) {
            Market.order(s, new Hash(id))
                    .ifPresent(r -> cancelResting(s, r));
        }
    }

    /** Cancels every resting order of {@code owner} (restriction, closing; a prefix scan, rare). */
    void cancelAllOf(StateOverlay s, Address owner) {
        for (Bytes k : s.scan(StateKeys.openOrderPrefix(owner)).keySet()) {
            byte[] raw = k.unsafeValue();
            Hash id = new Hash(java.util.Arrays.copyOfRange(raw, 1 + Address.LENGTH, raw.length));
            Market.order(s, id).ifPresent(r -> cancelResting(s, r));
        }
    }

    /** Cancels {@code owner}'s resting orders that reserve {@code token} (the ledger's sale of it; a prefix scan, rare). */
    void cancelAllReserving(StateOverlay s, Address owner, TokenId token) {
        for (Bytes k : s.scan(StateKeys.openOrderPrefix(owner)).keySet()) {
            byte[] raw = k.unsafeValue();
            Hash id = new Hash(java.util.Arrays.copyOfRange(raw, 1 + Address.LENGTH, raw.length));
            Market.order(s, id).filter(r -> r.reservedToken().equals(token)).ifPresent(r -> cancelResting(s, r));
        }
    }

    /** Cancels every resting order on every book that trades {@code token} (Repurchase, option settlement). */
    void cancelAllIn(StateOverlay s, TokenId token) {
        for (byte[] book : s.scan(StateKeys.bookOfTokenPrefix(token)).values()) {
            TokenId base = TokenId.shareOf(new Address(java.util.Arrays.copyOfRange(book, 0, Address.LENGTH)));
            TokenId quote = TokenId.shareOf(new Address(java.util.Arrays.copyOfRange(book, Address.LENGTH, book.length)));
            for (byte[] v : s.scan(StateKeys.orderPrefix(base, quote)).values()) {
                cancelResting(s, RestingOrder.fromBytes(v));
            }
        }
    }

    /**
     * Settles each fill as the core reports it: the seller delivers base, the buyer pays
     * price × quantity of quote (exact: {@link MarketRules}); each side pays the exchange fee on what
     * it receives, rounded up, to the Network Operator fee addresses.
     */
    private final class Fills implements MatchListener {
        final StateOverlay s;
        final NetworkParameters p;
        final BlockContext ctx;
        final LoadedBook b;
        final Address taker;
        final boolean takerBuys;
        long filled;
        long quoteMoved;
        int selfTrades;

        Fills(StateOverlay s, NetworkParameters p, BlockContext ctx, LoadedBook b, Address taker, boolean takerBuys) {
            this.s = s;
            this.p = p;
            this.ctx = ctx;
            this.b = b;
            this.taker = taker;
            this.takerBuys = takerBuys;
        }

        @Override
        public void trade(long makerSeq, long makerOwner, long takerSeq, long price, long quantity, boolean makerDone) {
            RestingOrder m = b.bySeq.get(makerSeq);
            long value = MarketRules.value(price, quantity);
            Address buyer = takerBuys ? taker : m.owner();
            Address seller = takerBuys ? m.owner() : taker;
            long now = ctx.timestampMillis();
            if (takerBuys) {
                Tokens.debitReserved(s, seller, b.base, Amount.ofUnits(quantity));
                Tokens.debit(s, p, buyer, b.quote, Amount.ofUnits(value), now, Tokens.Hold.IGNORE)
                        .orSettlementFailure(SETTLEMENT);
            } else {
                Tokens.debitReserved(s, buyer, b.quote, Amount.ofUnits(value));
                Tokens.debit(s, p, seller, b.base, Amount.ofUnits(quantity), now, Tokens.Hold.IGNORE)
                        .orSettlementFailure(SETTLEMENT);
            }
            receive(buyer, b.base, quantity, now);
            receive(seller, b.quote, value, now);
            RestingOrder after = m.filled(quantity, takerBuys ? quantity : value);
            if (makerDone) {
                b.bySeq.remove(makerSeq);
                remove(s, after);
            } else {
                b.bySeq.put(makerSeq, after);
                write(s, after);
            }
            filled += quantity;
            quoteMoved += value;
            Market.recordTrade(s, b.base, b.quote, ctx, price, quantity, takerBuys ? Side.BUY : Side.SELL, m.owner(), taker);
        }

        private void receive(Address who, TokenId token, long units, long now) {
            List<Address> payees = p.contractNetworkOperatorFeeAddress();
            long fee = payees.isEmpty() ? 0 : Amount.mulDiv(units, p.exchangeFeePpm(), Amount.PPM, Amount.Rounding.UP);
            Tokens.credit(s, who, token, Amount.ofUnits(units - fee), now);
            if (fee > 0) {
                List<Amount> parts = Distribution.even(Amount.ofUnits(fee), payees.size());
                for (int i = 0; i < payees.size(); i++) {
                    Tokens.credit(s, payees.get(i), token, parts.get(i), now);
                }
            }
        }

        @Override
        public void selfTradeCancelled(long makerSeq, long remaining) {
            RestingOrder m = b.bySeq.remove(makerSeq);
            remove(s, m);
            selfTrades++;
        }
    }
}
