package io.bourse.cli;

import io.bourse.core.commitment.Payloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Coin Contract (N2–N4): the operator's purchase attestations, the registered rate sources'
 * reports, and anyone's redemption. Rates are given as Coin per whole outside unit (e.g. 0.95 for one USD).
 */
@Command(name = "coin", description = "Coin Contract operations: purchase attestations, redemptions, rate reports.",
        subcommands = {CoinCommand.Purchase.class, CoinCommand.Redeem.class, CoinCommand.Rate.class})
final class CoinCommand extends Group {

    @Command(name = "purchase", description = "Attest an outside payment and mint Coin for it (N2, N4). Only the Coin "
            + "Contract Operator's key may; the rate must be within 1%% of the median of fresh rate reports, and each "
            + "payment reference mints once.")
    static final class Purchase extends ClientCommands.Signed {
        @Option(names = "--beneficiary", required = true, description = "Who receives the Coin.")
        String beneficiary;
        @Option(names = "--currency", required = true, description = "An accepted currency, e.g. USD.")
        String currency;
        @Option(names = "--paid", required = true, description = "The outside amount paid, e.g. 100.")
        String paid;
        @Option(names = "--rate", required = true, description = "Coin per whole outside unit, e.g. 0.95.")
        String rate;
        @Option(names = "--payment-ref", required = true, description = "The payment's unique reference.")
        String paymentRef;

        public Integer call() throws Exception {
            Payloads.CoinPurchase p;
            try {
                p = new Payloads.CoinPurchase(Args.address(beneficiary, "--beneficiary"), currency,
                        Args.positiveAmount(paid, "--paid"), Args.rate(rate, "--rate"), paymentRef);
            } catch (IllegalArgumentException e) {
                throw Args.bad("coin purchase", e.getMessage());
            }
            return submitter.submit(c, out(), p);
        }
    }

    @Command(name = "redeem", description = "Sell Coin back to the Coin Contract (N3): it is burned and the payout recorded.")
    static final class Redeem extends ClientCommands.Signed {
        @Option(names = "--amount", required = true, description = "Coin to redeem.")
        String amount;
        @Option(names = "--currency", required = true, description = "The currency of the payout, e.g. USD.")
        String currency;
        @Option(names = "--payout-ref", required = true, description = "Where or how the payout goes.")
        String payoutRef;

        public Integer call() throws Exception {
            Payloads.CoinRedemption r;
            try {
                r = new Payloads.CoinRedemption(Args.positiveAmount(amount, "--amount"), currency, payoutRef);
            } catch (IllegalArgumentException e) {
                throw Args.bad("coin redeem", e.getMessage());
            }
            return submitter.submit(c, out(), r);
        }
    }

    @Command(name = "rate", description = "Report a rate for an outside currency (N4). The key is the source: only a key "
            + "registered in the parameters' rateSources may report, each replaces only its own last report, and a "
            + "purchase needs fresh reports from at least 2 of them.")
    static final class Rate extends ClientCommands.Signed {
        @Option(names = "--currency", required = true, description = "An accepted currency, e.g. USD.")
        String currency;
        @Option(names = "--rate", required = true, description = "Coin per whole outside unit, e.g. 0.95.")
        String rate;

        public Integer call() throws Exception {
            Payloads.RateReport r;
            try {
                r = new Payloads.RateReport(currency, Args.rate(rate, "--rate"));
            } catch (IllegalArgumentException e) {
                throw Args.bad("coin rate", e.getMessage());
            }
            return submitter.submit(c, out(), r);
        }
    }
}
