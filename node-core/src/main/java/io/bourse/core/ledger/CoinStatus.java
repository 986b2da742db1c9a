package io.bourse.core.ledger;

import io.bourse.core.types.Amount;
import java.util.List;
import java.util.Optional;

/**
 * N6: the Coin Contract as the chain shows it, beside the operator's statements: supply figures,
 * the accepted currencies and, per currency, the median of the fresh rate reports; redemptions
 * waiting for a payout record and those paid; the operator's latest reserve report; and the flags
 * where the operator's statements and the chain disagree ({@link CoinContract#flags}).
 *
 * @param pendingOldest the oldest redemptions still waiting for a payout record (at most
 *                      {@link CoinContract#PENDING_SHOWN})
 */
public record CoinStatus(long height, long timestampMillis, Amount minted, Amount burned, Amount circulating,
                         List<String> acceptedCurrencies, List<CurrencyRate> rates, CoinContract.PayoutTotals payouts,
                         List<CoinContract.Redemption> pendingOldest, Optional<CoinContract.ReserveReport> latestReport,
                         List<CoinContract.Flag> flags) {
    public CoinStatus {
        acceptedCurrencies = List.copyOf(acceptedCurrencies);
        rates = List.copyOf(rates);
        pendingOldest = List.copyOf(pendingOldest);
        flags = List.copyOf(flags);
    }

    /** The rate a coin purchase in {@code currency} must be near now, or empty with too few fresh reports. */
    public record CurrencyRate(String currency, int freshSources, java.util.OptionalLong median) {
    }
}
