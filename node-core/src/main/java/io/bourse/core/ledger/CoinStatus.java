package io.bourse.core.ledger;

import io.bourse.core.types.Amount;
import java.util.List;

/**
 * N6: the Coin Contract's status as the chain shows it, for anyone to compare with the operator's
 * published report: supply figures and, per accepted currency, the median of the fresh rate reports.
 */
public record CoinStatus(long height, long timestampMillis, Amount minted, Amount burned, Amount circulating,
                         List<CurrencyRate> rates) {
    public CoinStatus {
        rates = List.copyOf(rates);
    }

    /** The rate a coin purchase in {@code currency} must be near now, or empty with too few fresh reports. */
    public record CurrencyRate(String currency, int freshSources, java.util.OptionalLong median) {
    }
}
