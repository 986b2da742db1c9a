package io.bourse.cli;

import io.bourse.core.commitment.Payloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Coin Contract (N2–N6): the operator's configuration, purchase attestations, payout records
 * and reserve reports; the registered rate sources' reports; anyone's redemption. Rates are given as
 * Coin per whole outside unit (e.g. 0.95 for one USD).
 */
@Command(name = "coin", description = "Coin Contract operations: purchase attestations, redemptions and their payouts, "
        + "rate reports, the operator's configuration and reserve reports.",
        subcommands = {CoinCommand.Purchase.class, CoinCommand.Redeem.class, CoinCommand.Rate.class,
                CoinCommand.Configure.class, CoinCommand.Payout.class, CoinCommand.Report.class,
                CoinCommand.Redemption.class})
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

    @Command(name = "redeem", description = "Sell Coin back to the Coin Contract (N3): it is burned at once, in a "
            + "currency the Coin Contract accepts, and waits for the operator's payout record (`coin redemption ID`).")
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

    @Command(name = "configure", description = "Set the outside currencies the Coin Contract accepts (N2): the whole new "
            + "list. Only the Coin Contract Operator's key may; purchases, rate reports and redemptions in any other "
            + "currency are refused from the next commitment on.")
    static final class Configure extends ClientCommands.Signed {
        @Option(names = "--accept", required = true, split = ",", description = "Currency codes, e.g. USD,EUR,BTC.")
        java.util.List<String> currencies;

        public Integer call() throws Exception {
            Payloads.CoinConfigUpdate u;
            try {
                u = new Payloads.CoinConfigUpdate(currencies);
            } catch (IllegalArgumentException e) {
                throw Args.bad("--accept", e.getMessage());
            }
            return submitter.submit(c, out(), u);
        }
    }

    @Command(name = "payout", description = "Record the outside payout of a redemption (N3): the outside transfer's "
            + "reference and the amount paid in the redemption's currency. Only the Coin Contract Operator's key may; "
            + "once per redemption and per reference. An amount more than 1%% from the redemption's value at its median "
            + "rate is recorded and flagged in `bourse supply`.")
    static final class Payout extends ClientCommands.Signed {
        @Option(names = "--redemption", required = true, description = "The redemption's commitment id.")
        String redemption;
        @Option(names = "--reference", required = true, description = "The outside transfer's reference.")
        String reference;
        @Option(names = "--paid", required = true, description = "The amount paid, in the redemption's currency.")
        String paid;

        public Integer call() throws Exception {
            Payloads.CoinPayout p;
            try {
                p = new Payloads.CoinPayout(Args.hash(redemption, "--redemption"), reference,
                        Args.positiveAmount(paid, "--paid"));
            } catch (IllegalArgumentException e) {
                throw Args.bad("coin payout", e.getMessage());
            }
            return submitter.submit(c, out(), p);
        }
    }

    @Command(name = "report", description = "Publish a reserve report (N6): outside reserves claimed per currency, their "
            + "custodian and the auditor's reference. Only the Coin Contract Operator's key may. The chain values the "
            + "reserves at the fresh median rates of the report's block and flags a shortfall against the Coin in "
            + "circulation; a report older than 7 days is flagged stale.")
    static final class Report extends ClientCommands.Signed {
        @Option(names = "--reserve", required = true, paramLabel = "CURRENCY=AMOUNT",
                description = "Reserves held in one currency, e.g. USD=1000000; repeat for each currency.")
        java.util.List<String> reserves;
        @Option(names = "--custodian", required = true, description = "Who holds the reserves.")
        String custodian;
        @Option(names = "--auditor-ref", required = true, description = "Where the auditor's attestation is (a URL).")
        String auditorRef;

        public Integer call() throws Exception {
            java.util.List<Payloads.Reserve> lines = new java.util.ArrayList<>();
            Payloads.CoinReserveReport r;
            try {
                for (String line : reserves) {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--reserve " + line + ": give CURRENCY=AMOUNT, e.g. USD=1000");
                    }
                    lines.add(new Payloads.Reserve(line.substring(0, eq),
                            Args.amount(line.substring(eq + 1), "--reserve " + line.substring(0, eq))));
                }
                r = new Payloads.CoinReserveReport(lines, custodian, auditorRef);
            } catch (IllegalArgumentException e) {
                throw Args.bad("coin report", e.getMessage());
            }
            return submitter.submit(c, out(), r);
        }
    }

    @Command(name = "redemption", description = "Show one redemption: the Coin burned, where the redeemer asked to be "
            + "paid, the value at the median rate, and the operator's payout record (N3).")
    static final class Redemption extends ClientCommands.Base {
        @picocli.CommandLine.Parameters(paramLabel = "ID", description = "The redemption's commitment id.")
        String id;

        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/coin/redemptions/" + Args.hash(id, "ID").hex()));
            return 0;
        }
    }
}
