package io.bourse.core.ledger;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.market.MarketRules;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * M4: fully collateralised calls and puts on contract shares (docs/market.md).
 *
 * <ul>
 *   <li><b>Write:</b> the writer moves the collateral into the series' pool (a call: {@code size}
 *       underlying shares; a put: strike × size Coin) and receives {@code size} option tokens
 *       ({@link OptionSeries#token}), which trade on the exchange like any token. Its claim on the
 *       pool grows by {@code size}.</li>
 *   <li><b>Exercise (American, physical):</b> in any block below the expiry height, a holder burns
 *       option tokens; a call pays strike × size Coin into the pool and takes size shares out, a put
 *       puts size shares in and takes strike × size Coin out. No writer is singled out: the pool
 *       is shared by all writers in proportion to what they wrote.</li>
 *   <li><b>Settlement (automatic):</b> at the start of the block at the expiry height, in the order
 *       the series were first written, at the underlying's mark price S: a call pays each holder
 *       ⌊held × (S − K) ÷ S⌋ shares when S &gt; K (net share settlement, no Coin needed), a put
 *       ⌊held × (K − S)⌋ Coin when K &gt; S; the tokens are burned and what the pool holds then goes
 *       to the writers by largest remainder of their claims. When the underlying is repurchased
 *       (K5) first, the series settles at once at the repurchase price, calls in Coin.</li>
 * </ul>
 */
final class Options {
    enum Mode { EXPIRY, REPURCHASE }

    /** The context of a settlement the pool's bookkeeping guarantees, should it fail (a broken invariant). */
    private static final String SETTLEMENT = "option settlement failed: ";

    private Options() {
    }

    static Result<Hash> write(StateOverlay s, NetworkParameters p, BlockContext ctx, Address writer,
                              Optional<ContractRecord> writerContract, Payloads.OptionWrite w) {
        Optional<ContractRecord> u = LedgerState.contract(s, w.underlying());
        if (u.isEmpty()) {
            return Result.fail(RejectReason.UNKNOWN_CONTRACT, "no contract at " + w.underlying());
        }
        if (u.get().status() != ContractStatus.ACTIVE) {
            return Result.fail(RejectReason.CONTRACT_STATE, "options are written only on an Active "
                    + "contract; " + w.underlying() + " is " + u.get().status());
        }
        if (writerContract.isPresent() && writerContract.get().status() != ContractStatus.ACTIVE) {
            return Result.fail(RejectReason.CONTRACT_STATE, "contract " + writer + " is "
                    + writerContract.get().status() + ": it may not write options (K4, K5)");
        }
        if (w.expiryHeight() <= ctx.height()) {
            return invalid("expiry height " + w.expiryHeight() + " is not above this block's " + ctx.height());
        }
        Optional<String> grid = MarketRules.offGrid(w.strike().units(), w.size().units());
        if (grid.isPresent()) {
            return invalid("strike and size: " + grid.get());
        }
        Hash id = OptionSeries.idOf(w.underlying(), w.type(), w.strike().units(), w.expiryHeight());
        OptionSeries series = Market.seriesById(s, id).orElse(new OptionSeries(id, w.underlying(), w.type(),
                w.strike().units(), w.expiryHeight(), 0, 0, false, 0));
        TokenId collateral = w.type() == OptionType.CALL ? u.get().token() : TokenId.COIN;
        long amount = w.type() == OptionType.CALL ? w.size().units()
                : MarketRules.value(w.strike().units(), w.size().units());
        Result<Void> moved = Tokens.move(s, p, writer, series.pool(), collateral, Amount.ofUnits(amount),
                ctx.timestampMillis(), Tokens.Hold.ENFORCE);
        if (moved.failed()) {
            return Result.fail(moved.rejection().prefixed("collateral: "));
        }
        if (series.written() == 0) {
            HeightQueue.add(s, HeightQueue.SERIES, w.expiryHeight(), id.bytes());
            s.put(StateKeys.seriesByUnderlying(w.underlying(), id), new byte[] {1});
        }
        long size = w.size().units();
        s.put(StateKeys.series(series.token()), series.with(Math.addExact(series.written(), size),
                Math.addExact(series.open(), size), false, 0).toBytes());
        long claim = claim(s, id, writer);
        s.put(StateKeys.writer(id, writer), StateKeys.u64(Math.addExact(claim, size)));
        s.put(StateKeys.writerSeries(writer, id), new byte[] {1});
        Tokens.credit(s, writer, series.token(), w.size(), ctx.timestampMillis());
        return Result.ok(id);
    }

    private static long claim(StateOverlay s, Hash id, Address writer) {
        return s.get(StateKeys.writer(id, writer)).map(b -> new io.bourse.core.codec.Reader(b).i64("claim")).orElse(0L);
    }

    private static <T> Result<T> invalid(String why) {
        return Result.fail(RejectReason.INVALID_ORDER, why);
    }

    static Result<Void> exercise(StateOverlay s, NetworkParameters p, BlockContext ctx, Address holder,
                                 Optional<ContractRecord> holderContract, Payloads.OptionExercise e) {
        Optional<OptionSeries> found = Market.seriesById(s, e.seriesId());
        if (found.isEmpty() || found.get().settled()) {
            return invalid("no live option series " + e.seriesId());
        }
        OptionSeries series = found.get();
        if (ctx.height() >= series.expiryHeight()) {
            return invalid("series " + series.id() + " expired at height " + series.expiryHeight());
        }
        if (holderContract.isPresent() && holderContract.get().status() != ContractStatus.ACTIVE) {
            return Result.fail(RejectReason.CONTRACT_STATE, "contract " + holder + " is "
                    + holderContract.get().status() + ": it may not exercise options (K4, K5)");
        }
        long now = ctx.timestampMillis();
        Result<Void> burn = Tokens.debit(s, p, holder, series.token(), e.size(), now, Tokens.Hold.IGNORE);
        if (burn.failed()) {
            return burn;
        }
        TokenId share = TokenId.shareOf(series.underlying());
        Amount strikeValue = Amount.ofUnits(MarketRules.value(series.strike(), e.size().units()));
        Result<Void> paid = series.type() == OptionType.CALL
                ? Tokens.move(s, p, holder, series.pool(), TokenId.COIN, strikeValue, now, Tokens.Hold.ENFORCE)
                : Tokens.move(s, p, holder, series.pool(), share, e.size(), now, Tokens.Hold.ENFORCE);
        if (paid.failed()) {
            return paid;
        }
        Result<Void> taken = series.type() == OptionType.CALL
                ? Tokens.move(s, p, series.pool(), holder, share, e.size(), now, Tokens.Hold.IGNORE)
                : Tokens.move(s, p, series.pool(), holder, TokenId.COIN, strikeValue, now, Tokens.Hold.IGNORE);
        taken.orSettlementFailure("option pool short: ");
        s.put(StateKeys.series(series.token()), series.with(series.written(), series.open() - e.size().units(), false, 0)
                .toBytes());
        return Result.ok();
    }

    /** Settles every series due at {@code height}, in the order they were first written. */
    static void expire(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex) {
        for (byte[] id : HeightQueue.drain(s, HeightQueue.SERIES, ctx.height())) {
            Optional<OptionSeries> series = Market.seriesById(s, new Hash(id)).filter(x -> !x.settled());
            if (series.isEmpty()) {
                continue;
            }
            StateOverlay t = s.child();
            int mark = ex.mark();
            try {
                settle(t, p, ctx, ex, series.get(), Market.markPrice(t, p, TokenId.shareOf(series.get().underlying()))
                        .units(), Mode.EXPIRY);
                t.mergeInto();
            } catch (ArithmeticException e) {
                ex.rollbackTo(mark); // out of range: try again next block rather than fail the block
                HeightQueue.add(s, HeightQueue.SERIES, ctx.height() + 1, id);
            }
        }
    }

    /** K5 with M4: every live series on {@code underlying} settles at its repurchase price. */
    static void settleOnRepurchase(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex,
                                   Address underlying, long price) {
        for (Bytes k : s.scan(StateKeys.seriesByUnderlyingPrefix(underlying)).keySet()) {
            byte[] raw = k.unsafeValue();
            Hash id = new Hash(Arrays.copyOfRange(raw, 1 + Address.LENGTH, raw.length));
            Market.seriesById(s, id).filter(x -> !x.settled())
                    .ifPresent(series -> settle(s, p, ctx, ex, series, price, Mode.REPURCHASE));
        }
    }

    static void settle(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex, OptionSeries series,
                       long price, Mode mode) {
        long now = ctx.timestampMillis();
        TokenId token = series.token();
        ex.cancelAllIn(s, token);
        TokenId share = TokenId.shareOf(series.underlying());
        Address pool = series.pool();
        for (Map.Entry<Address, Amount> h : LedgerState.holders(s, token).entrySet()) {
            long held = h.getValue().units();
            Tokens.debit(s, p, h.getKey(), token, h.getValue(), now, Tokens.Hold.IGNORE)
                    .orSettlementFailure(SETTLEMENT);
            boolean call = series.type() == OptionType.CALL;
            long k = series.strike();
            if (call && price > k && mode == Mode.EXPIRY) {
                pay(s, p, pool, h.getKey(), share, Amount.mulDiv(held, price - k, price, Amount.Rounding.DOWN), now);
            } else if (call && price > k) {
                pay(s, p, pool, h.getKey(), TokenId.COIN, Amount.mulDiv(held, price - k, Amount.ONE_UNITS,
                        Amount.Rounding.DOWN), now);
            } else if (!call && k > price) {
                pay(s, p, pool, h.getKey(), TokenId.COIN, Amount.mulDiv(held, k - price, Amount.ONE_UNITS,
                        Amount.Rounding.DOWN), now);
            }
        }
        SortedMap<Address, Amount> claims = new TreeMap<>();
        for (Map.Entry<Bytes, byte[]> e : s.scan(StateKeys.writerPrefix(series.id())).entrySet()) {
            byte[] raw = e.getKey().unsafeValue();
            Address writer = new Address(Arrays.copyOfRange(raw, 1 + 32, raw.length));
            claims.put(writer, Amount.ofUnits(new io.bourse.core.codec.Reader(e.getValue()).i64("claim")));
            s.delete(e.getKey());
            s.delete(StateKeys.writerSeries(writer, series.id()));
        }
        for (Map.Entry<TokenId, Amount> left : LedgerState.holdings(s, pool).entrySet()) {
            for (Map.Entry<Address, Amount> part : Distribution.largestRemainder(left.getValue(), claims).entrySet()) {
                Tokens.move(s, p, pool, part.getKey(), left.getKey(), part.getValue(), now, Tokens.Hold.IGNORE)
                        .orSettlementFailure(SETTLEMENT);
            }
        }
        s.put(StateKeys.series(token), series.with(series.written(), 0, true, price).toBytes());
    }

    /** Pays out of the pool, never more than it holds (rounding is already in the pool's favour). */
    private static void pay(StateOverlay s, NetworkParameters p, Address pool, Address to, TokenId token, long units,
                            long now) {
        long amount = Math.min(units, LedgerState.balance(s, pool, token).units());
        if (amount > 0) {
            Tokens.move(s, p, pool, to, token, Amount.ofUnits(amount), now, Tokens.Hold.IGNORE)
                    .orSettlementFailure(SETTLEMENT);
        }
    }
}
