package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * M5, K8: the weekly operating fees, charged at the start of the first block whose timestamp is at
 * or past a contract's due time (creation time + k weeks). A contract pays for every week that has
 * ended, each week computed on its value at that moment (docs/economics.md):
 *
 * <pre>
 *   value  = Coin + Σ (other tokens × their mark price), rounded down;
 *            mark price = {@link Market#markPrice}: last trade, else mid, else the direct-sale price;
 *            the contract's own treasury shares count for nothing
 *   line   = value × fee ppm ÷ 10^6, rounded down, for the four lines in this order:
 *            Network Operator, Coin Contract Operator, Founders, manager (cut to contractMaximumManagerFee)
 *   paid   = in Coin while the contract has Coin; the rest in its own treasury shares at its own
 *            direct-sale price (shares rounded down); what neither covers is waived and recorded
 *   split  = evenly among the line's addresses; the leftover base units one each to the first addresses
 * </pre>
 *
 * Closed contracts and the Coin Contract (which has no record) pay nothing.
 */
final class Fees {
    private Fees() {
    }

    static void schedule(StateOverlay s, ContractRecord rec) {
        s.put(StateKeys.feeQueue(rec.nextFeeAtMillis(), rec.address()), new byte[] {1});
        Optional<Long> head = head(s);
        if (head.isEmpty() || rec.nextFeeAtMillis() < head.get()) {
            s.put(StateKeys.feeQueueHead(), new Writer(8).i64(rec.nextFeeAtMillis()).toByteArray());
        }
    }

    /** Leaves the queue head as is: it is only a lower bound, corrected at the next charge. */
    static void unschedule(StateOverlay s, ContractRecord rec) {
        s.delete(StateKeys.feeQueue(rec.nextFeeAtMillis(), rec.address()));
    }

    private static Optional<Long> head(StateReader s) {
        return s.get(StateKeys.feeQueueHead()).map(b -> new Reader(b).i64("head"));
    }

    /** Charges every contract whose fee is due at block time {@code now}. */
    static void chargeDue(StateOverlay s, NetworkParameters p, long now) {
        Optional<Long> head = head(s);
        if (head.isEmpty() || head.get() > now) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (Map.Entry<Bytes, byte[]> e : s.scan(StateKeys.feeQueuePrefix()).entrySet()) {
            byte[] k = e.getKey().unsafeValue();
            long due = new Reader(Arrays.copyOfRange(k, 1, 9)).i64("due");
            if (due > now) {
                next = Math.min(next, due);
                break;
            }
            s.delete(e.getKey());
            Optional<ContractRecord> found = LedgerState.contract(s, new Address(Arrays.copyOfRange(k, 9, k.length)));
            if (found.isEmpty() || found.get().status() == ContractStatus.CLOSED) {
                continue;
            }
            ContractRecord rec = found.get();
            while (rec.nextFeeAtMillis() <= now) {
                chargeWeek(s, p, rec, now);
                rec = LedgerState.contract(s, rec.address()).orElseThrow()
                        .withNextFeeAt(rec.nextFeeAtMillis() + Contracts.WEEK_MILLIS);
                LedgerState.setContract(s, rec);
            }
            s.put(StateKeys.feeQueue(rec.nextFeeAtMillis(), rec.address()), new byte[] {1});
            next = Math.min(next, rec.nextFeeAtMillis());
        }
        if (next == Long.MAX_VALUE) {
            s.delete(StateKeys.feeQueueHead());
        } else {
            s.put(StateKeys.feeQueueHead(), new Writer(8).i64(next).toByteArray());
        }
    }

    /** One week's fees; an amount out of range leaves the week unpaid rather than failing the block. */
    private static void chargeWeek(StateOverlay s, NetworkParameters p, ContractRecord rec, long now) {
        StateOverlay t = s.child();
        try {
            LedgerState.setLastFee(t, rec.address(), charge(t, p, rec, now));
            t.mergeInto();
        } catch (ArithmeticException e) {
            LedgerState.setLastFee(s, rec.address(), new FeeRecord(now, Amount.ZERO, Amount.ZERO, Amount.ZERO,
                    Amount.ZERO, Amount.ZERO));
        }
    }

    /**
     * The contract's value at mark prices (M5): Coin plus every other token it holds at its
     * {@link Market#markPrice} (last trade, else mid, else direct-sale price); its own shares count
     * for nothing.
     */
    static Amount value(StateReader s, NetworkParameters p, Address contract) {
        return Market.valuation(s, p, contract).total();
    }

    private static FeeRecord charge(StateOverlay s, NetworkParameters p, ContractRecord rec, long now) {
        Address self = rec.address();
        Amount value = value(s, p, self);
        Amount ownPrice = Contracts.effectivePrice(rec, p);
        long managerFee = Math.min(rec.managerFeePpm(), p.contractMaximumManagerFeePpm());
        record Line(long ppm, List<Address> payees) {
        }
        List<Line> lines = List.of(
                new Line(p.contractNetworkOperatorFeePpm(), p.contractNetworkOperatorFeeAddress()),
                new Line(p.contractCoinContractOperatorFeePpm(), p.contractCoinContractOperatorFeeAddress()),
                new Line(p.contractFoundersFeePpm(), p.contractFoundersFeeAddress()),
                new Line(managerFee, List.of(rec.manager().address())));
        Amount due = Amount.ZERO;
        Amount paidCoin = Amount.ZERO;
        Amount paidShares = Amount.ZERO;
        Amount waived = Amount.ZERO;
        for (Line line : lines) {
            if (line.ppm() == 0 || line.payees().isEmpty()) {
                continue;
            }
            Amount amount = value.ppm(line.ppm(), Amount.Rounding.DOWN);
            due = due.plus(amount);
            Amount coin = Amount.min(amount, Tokens.available(s, self, TokenId.COIN));
            pay(s, p, self, TokenId.COIN, coin, line.payees(), now);
            paidCoin = paidCoin.plus(coin);
            Amount rest = amount.minus(coin);
            if (rest.isZero()) {
                continue;
            }
            Amount shares = Amount.ZERO;
            if (!ownPrice.isZero()) {
                shares = Amount.min(Amount.ofUnits(Amount.mulDiv(rest.units(), Amount.ONE_UNITS, ownPrice.units(),
                        Amount.Rounding.DOWN)), Tokens.available(s, self, rec.token()));
                pay(s, p, self, rec.token(), shares, line.payees(), now);
                paidShares = paidShares.plus(shares);
            }
            Amount covered = Amount.min(rest, Amount.cost(ownPrice, shares, Amount.Rounding.DOWN));
            waived = waived.plus(rest.minus(covered));
        }
        return new FeeRecord(now, value, due, paidCoin, paidShares, waived);
    }

    private static void pay(StateOverlay s, NetworkParameters p, Address from, TokenId token, Amount total,
                            List<Address> payees, long now) {
        if (total.isZero()) {
            return;
        }
        List<Amount> parts = Distribution.even(total, payees.size());
        for (int i = 0; i < payees.size(); i++) {
            if (Tokens.move(s, p, from, payees.get(i), token, parts.get(i), now, Tokens.Hold.IGNORE).failed()) {
                throw new SettlementFailure("fee payment exceeds the balance");
            }
        }
    }
}
