package io.bourse.core.ledger;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.market.MarketRules;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sales the ledger makes for a contract on its own (K9 maximum hold time, K5 forced
 * liquidation): a MARKET order on the token's Coin book at one tick, so any bid takes it, without
 * the hold-time and invested-ratio rules, in slices spread over {@link #SLICES} blocks so that one
 * block never dumps a whole position into a thin book. Each sale is logged ({@link LedgerActions}).
 *
 * <p>Slices: with {@code n} blocks of the sale left (n = SLICES at its first block, then one fewer
 * each block, never below 1), a block offers ⌈remaining ÷ n⌉ rounded up to the lot grid. So by the
 * sale's {@code SLICES}-th block everything has been offered; what found no bid is offered again,
 * whole, every block after.
 */
final class LedgerSales {
    /** Blocks over which the ledger spreads a sale. */
    static final long SLICES = 10;

    private LedgerSales() {
    }

    /**
     * Units to offer this block: ⌈remaining ÷ blocksLeft⌉ rounded up to the lot, at most
     * {@code sellable} rounded down to the lot (0 when less than one lot can trade).
     */
    static long slice(long remaining, long blocksLeft, long sellable) {
        if (remaining <= 0) {
            return 0;
        }
        long n = Math.max(1, blocksLeft);
        long part = remaining / n + (remaining % n == 0 ? 0 : 1);
        long up = part % MarketRules.LOT == 0 ? part : Math.addExact(part - part % MarketRules.LOT, MarketRules.LOT);
        long cap = sellable - sellable % MarketRules.LOT;
        return Math.min(up, cap);
    }

    /** Blocks left of a sale that began at {@code startHeight}, seen from {@code height} (at least 1). */
    static long blocksLeft(long startHeight, long height) {
        return Math.max(1, SLICES - Math.max(0, height - startHeight));
    }

    /**
     * Offers {@code units} of {@code token} (a multiple of the lot) from the contract at market and
     * logs what was sold for how much. Returns the units sold.
     */
    static long sell(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex, ContractRecord rec,
                     TokenId token, long units, LedgerActions.Kind kind, String why) {
        if (units <= 0) {
            return 0;
        }
        Address self = rec.address();
        Hash id = Hash.of(("bourse/ledger-sale/" + kind.code()).getBytes(StandardCharsets.US_ASCII),
                self.unsafeBytes(), StateKeys.u64(ctx.height()), token.contract().unsafeBytes());
        Amount coinBefore = LedgerState.balance(s, self, TokenId.COIN);
        Result<Exchange.Placed> r = ex.place(s, p, ctx, new Exchange.Trader(self, Optional.of(rec), true), id,
                new Payloads.PlaceOrder(token, TokenId.COIN, Payloads.Side.SELL, Payloads.OrderType.MARKET,
                        Amount.ofUnits(MarketRules.PRICE_TICK), Amount.ofUnits(units), 0));
        long sold = r.failed() ? 0 : r.value().filled();
        Amount received = LedgerState.balance(s, self, TokenId.COIN).minus(coinBefore);
        String note = why + ": offered " + Amount.ofUnits(units) + " at market, sold " + Amount.ofUnits(sold)
                + " for " + received + " Coin (after the exchange fee)"
                + (r.failed() ? "; the exchange refused the order: " + r.rejection().message() : "");
        LedgerActions.append(s, self, new LedgerActions.Entry(ctx.height(), kind, token, Amount.ofUnits(units),
                received, note));
        return sold;
    }

    /**
     * Gives a remainder too small to trade back: another contract's shares to that contract's
     * treasury (its issuer), anything else (option tokens) to the first Network Operator fee
     * address, or to the contract's manager when that list is empty. Logged.
     */
    static void returnDust(StateOverlay s, NetworkParameters p, BlockContext ctx, ContractRecord rec, TokenId token,
                           Amount dust) {
        if (dust.isZero()) {
            return;
        }
        boolean share = Tokens.isContract(s, token.contract());
        Address to = share ? token.contract()
                : p.contractNetworkOperatorFeeAddress().isEmpty() ? rec.manager().address()
                : p.contractNetworkOperatorFeeAddress().get(0);
        Tokens.move(s, p, rec.address(), to, token, dust, ctx.timestampMillis(), Tokens.Hold.IGNORE)
                .orSettlementFailure("dust: ");
        LedgerActions.append(s, rec.address(), new LedgerActions.Entry(ctx.height(), LedgerActions.Kind.DUST_RETURNED,
                token, dust, Amount.ZERO, dust + " below one lot (" + Amount.ofUnits(MarketRules.LOT)
                        + ") cannot trade: given to " + (share ? "its issuer's treasury " : "") + to));
    }

    /**
     * Runs {@code work} through {@link BlockExecution#contained(StateOverlay, Exchange, java.util.function.Function)}:
     * kept unless it breaks an amount's range or a settlement invariant. Returns whether it was kept.
     */
    static boolean contained(StateOverlay s, Exchange ex, Consumer<StateOverlay> work) {
        return !BlockExecution.contained(s, ex, t -> {
            work.accept(t);
            return Effects.APPLIED;
        }).failed();
    }
}
