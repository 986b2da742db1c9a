package io.bourse.core.ledger;

import io.bourse.core.market.MarketRules;
import io.bourse.core.params.NetworkParameters;
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
 * With no outstanding shares there is nobody to pay: the Coin goes to the contract's manager, so a
 * Closed contract never keeps Coin.
 *
 * <p><b>Forced liquidation:</b> from {@link #FORCED_LIQUIDATION_BLOCKS} blocks after it entered
 * Closing, at the start of every block until it is liquidated, the ledger cancels the contract's
 * resting orders and sells each token it holds (other than Coin and its own shares) at market in
 * slices ({@link LedgerSales}: by the {@link LedgerSales#SLICES}-th block everything has been
 * offered), without the hold-time and invested-ratio rules. A remainder smaller than one lot cannot
 * trade: another contract's shares go back to that contract's treasury, an option token to the
 * first Network Operator fee address (the manager when there is none), so the contract can close
 * whatever the parameters. What finds no bid is offered again the next block. Every sale, dust and
 * Repurchase is logged ({@link LedgerActions}).
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
            long start = Math.addExact(rec.get().closingSinceHeight(), FORCED_LIQUIDATION_BLOCKS);
            if (ctx.height() >= start && !liquidated(s, rec.get())) {
                LedgerSales.contained(s, ex, t -> forceLiquidate(t, p, ctx, ex, rec.get(), start));
            }
            if (!liquidated(s, rec.get())
                    || !LedgerSales.contained(s, ex, t -> repurchase(t, p, ctx, ex, rec.get()))) {
                still.add(a);
            }
        }
        LedgerState.setClosingContracts(s, still);
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
                                       ContractRecord rec, long start) {
        Address self = rec.address();
        ex.cancelAllOf(s, self);
        long blocksLeft = LedgerSales.blocksLeft(start, ctx.height());
        for (Map.Entry<TokenId, Amount> h : LedgerState.holdings(s, self).entrySet()) {
            TokenId token = h.getKey();
            if (token.isCoin() || token.equals(rec.token())) {
                continue;
            }
            long held = h.getValue().units();
            LedgerSales.sell(s, p, ctx, ex, rec, token, LedgerSales.slice(held, blocksLeft, held),
                    LedgerActions.Kind.LIQUIDATION_SALE, "Closing since block " + rec.closingSinceHeight()
                            + ", forced liquidation from block " + start + " (" + h.getValue() + " held)");
            Amount left = LedgerState.balance(s, self, token);
            if (!left.isZero() && left.units() < MarketRules.LOT) {
                LedgerSales.returnDust(s, p, ctx, rec, token, left);
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
            LedgerActions.append(s, self, new LedgerActions.Entry(ctx.height(), LedgerActions.Kind.REPURCHASED,
                    rec.token(), Amount.ofUnits(outstanding), coin, "Repurchase of " + Amount.ofUnits(outstanding)
                    + " outstanding shares from " + holders.size() + " holders for " + coin + " Coin at "
                    + Amount.ofUnits(price) + " per share: Closed (K5)"));
            Options.settleOnRepurchase(s, p, ctx, ex, self, price);
        } else {
            if (!coin.isZero()) {
                Tokens.move(s, p, self, rec.manager().address(), TokenId.COIN, coin, now, Tokens.Hold.IGNORE)
                        .orSettlementFailure("residual Coin: ");
                LedgerActions.append(s, self, new LedgerActions.Entry(ctx.height(), LedgerActions.Kind.RESIDUAL_COIN,
                        TokenId.COIN, Amount.ZERO, coin, "no outstanding shares: " + coin + " Coin paid to the manager "
                        + rec.manager().address() + " (K5)"));
            }
            LedgerActions.append(s, self, new LedgerActions.Entry(ctx.height(), LedgerActions.Kind.REPURCHASED,
                    rec.token(), Amount.ZERO, Amount.ZERO, "no outstanding shares to repurchase: Closed (K5)"));
        }
    }
}
