package io.bourse.core.ledger;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.market.MarketRules;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Hash;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * K5: at the start of every block, each Closing contract that holds nothing but Coin and its own
 * shares (and has no claim left on an option pool it wrote into) issues the Repurchase of every
 * outstanding share and becomes Closed.
 *
 * <p>The Repurchase price is Coin held ÷ outstanding shares; each holder receives
 * ⌊Coin × held ÷ outstanding⌋ and the units left over go one each to the largest remainders (ties
 * to the lower address), so exactly the Coin held is paid out. Every share returns to the contract.
 * Before it, every resting order on a book of the contract's shares is cancelled (reservations
 * released); after it, every option series on the contract settles at the Repurchase price (M4).
 *
 * <p><b>Forced liquidation:</b> from {@link #FORCED_LIQUIDATION_BLOCKS} blocks after it entered
 * Closing, at the start of every block until it is liquidated, the ledger cancels the contract's
 * resting orders and sells each token it holds (other than Coin and its own shares) with a market
 * order on that token's Coin book at the lowest price (one tick): whatever bids there are take it,
 * without the hold-time and invested-ratio rules. A remainder smaller than one lot cannot trade; it
 * goes to the first Network Operator fee address so the contract can close. What finds no bid is
 * offered again the next block.
 */
final class Closing {
    /** Blocks a Closing contract has to liquidate itself before the ledger sells its holdings at market. */
    static final long FORCED_LIQUIDATION_BLOCKS = 10_000;

    private Closing() {
    }

    static void run(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex) {
        List<Address> closing = LedgerState.closingContracts(s);
        if (closing.isEmpty()) {
            return;
        }
        List<Address> still = new ArrayList<>();
        for (Address a : closing) {
            Optional<ContractRecord> rec = LedgerState.contract(s, a);
            if (rec.isEmpty() || rec.get().status() != ContractStatus.CLOSING) {
                continue;
            }
            if (ctx.height() - rec.get().closingSinceHeight() >= FORCED_LIQUIDATION_BLOCKS && !liquidated(s, rec.get())) {
                inChild(s, ex, t -> forceLiquidate(t, p, ctx, ex, rec.get()));
            }
            if (!liquidated(s, rec.get()) || !inChild(s, ex, t -> repurchase(t, p, ctx, ex, rec.get()))) {
                still.add(a);
            }
        }
        LedgerState.setClosingContracts(s, still);
    }

    /** Runs {@code work} in a child overlay, kept unless an amount goes out of range. */
    private static boolean inChild(StateOverlay s, Exchange ex, java.util.function.Consumer<StateOverlay> work) {
        StateOverlay t = s.child();
        int mark = ex.mark();
        try {
            work.accept(t);
            t.mergeInto();
            return true;
        } catch (ArithmeticException e) {
            ex.rollbackTo(mark);
            return false;
        }
    }

    private static boolean liquidated(StateOverlay s, ContractRecord rec) {
        for (TokenId t : LedgerState.holdings(s, rec.address()).keySet()) {
            if (!t.isCoin() && !t.equals(rec.token())) {
                return false;
            }
        }
        return s.scan(StateKeys.writerSeriesPrefix(rec.address())).isEmpty();
    }

    private static void forceLiquidate(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex,
                                       ContractRecord rec) {
        Address self = rec.address();
        ex.cancelAllOf(s, self);
        for (Map.Entry<TokenId, Amount> h : LedgerState.holdings(s, self).entrySet()) {
            TokenId token = h.getKey();
            if (token.isCoin() || token.equals(rec.token())) {
                continue;
            }
            long sellable = h.getValue().units() - h.getValue().units() % MarketRules.LOT;
            if (sellable > 0) {
                Hash id = Hash.of("bourse/forced-liquidation".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        self.unsafeBytes(), StateKeys.u64(ctx.height()), token.contract().unsafeBytes());
                ex.place(s, p, ctx, new Exchange.Trader(self, Optional.of(rec), true), id, new Payloads.PlaceOrder(
                        token, TokenId.COIN, Payloads.Side.SELL, Payloads.OrderType.MARKET,
                        Amount.ofUnits(MarketRules.PRICE_TICK), Amount.ofUnits(sellable), 0));
            }
            Amount left = LedgerState.balance(s, self, token);
            if (!left.isZero() && left.units() < MarketRules.LOT && !p.contractNetworkOperatorFeeAddress().isEmpty()) {
                Tokens.move(s, p, self, p.contractNetworkOperatorFeeAddress().get(0), token, left,
                        ctx.timestampMillis(), Tokens.Hold.IGNORE).orSettlementFailure("");
            }
        }
    }

    private static void repurchase(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex,
                                   ContractRecord rec) {
        long now = ctx.timestampMillis();
        ex.cancelAllIn(s, rec.token());
        Address self = rec.address();
        SortedMap<Address, Amount> holders = LedgerState.holders(s, rec.token());
        holders.remove(self);
        Amount coin = LedgerState.balance(s, self, TokenId.COIN);
        long outstanding = 0;
        for (Amount a : holders.values()) {
            outstanding = Math.addExact(outstanding, a.units());
        }
        SortedMap<Address, Amount> payouts = Distribution.largestRemainder(coin, holders);
        for (Map.Entry<Address, Amount> h : holders.entrySet()) {
            Tokens.move(s, p, h.getKey(), self, rec.token(), h.getValue(), now, Tokens.Hold.IGNORE)
                    .orSettlementFailure("");
            Tokens.move(s, p, self, h.getKey(), TokenId.COIN, payouts.get(h.getKey()), now, Tokens.Hold.IGNORE)
                    .orSettlementFailure("");
        }
        LedgerState.setContract(s, rec.withStatus(ContractStatus.CLOSED, rec.closingSinceHeight()));
        Fees.unschedule(s, rec);
        if (outstanding > 0) {
            long price = Amount.mulDiv(coin.units(), Amount.ONE_UNITS, outstanding, Amount.Rounding.DOWN);
            Options.settleOnRepurchase(s, p, ctx, ex, self, price);
        }
    }
}
