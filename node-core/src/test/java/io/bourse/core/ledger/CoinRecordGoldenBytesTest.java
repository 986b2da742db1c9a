package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the Coin Contract's own records in the state (docs/storage.md, 0x07 and
 * 0x36–0x39): its configuration, a redemption before and after its payout record, the payout
 * totals and a reserve report. The constants were taken from the encoding as it is.
 */
class CoinRecordGoldenBytesTest {
    static final Hash ID = Hash.of("golden/redemption".getBytes(StandardCharsets.UTF_8));
    static final CoinContract.Redemption PENDING = new CoinContract.Redemption(ID, GoldenSamples.OTHER,
            Amount.ofWhole(3), "BTC", "iban:DE00", 41, 1_764_000_000_000L, 50_000_000, Optional.empty());
    static final CoinContract.Redemption PAID = new CoinContract.Redemption(ID, GoldenSamples.OTHER,
            Amount.ofWhole(3), "BTC", "iban:DE00", 41, 1_764_000_000_000L, 50_000_000,
            Optional.of(new CoinContract.Payout("wire-1", Amount.ofUnits(594_000_000), 44, 1_764_000_003_000L)));
    static final CoinContract.ReserveReport REPORT = new CoinContract.ReserveReport(
            Hash.of("golden/report".getBytes(StandardCharsets.UTF_8)), 2, 50, 1_764_000_009_000L,
            List.of(new Payloads.Reserve("BTC", Amount.ofWhole(10)), new Payloads.Reserve("USD", Amount.ONE)),
            "Golden Custody", "https://audit.example/2", Amount.ofWhole(5_000), Amount.ofWhole(10_000), List.of("USD"));

    @Test
    void theCoinContractsRecordsKeepTheirPinnedBytes() {
        Golden.assertHex("coin configuration", new CoinConfig(List.of("USD", "EUR")).toBytes(),
                "000000020000000355534400000003455552");
        Golden.assertHex("pending redemption", PENDING.toBytes(),
                "7c61ca4763eb84b340a65b1a5787009a32b4aa9a0000000011e1a30000000003425443000000096962616e3a44453030"
                + "00000000000000290000019ab697e8000000000002faf08000");
        Golden.assertHex("paid redemption", PAID.toBytes(),
                "7c61ca4763eb84b340a65b1a5787009a32b4aa9a0000000011e1a30000000003425443000000096962616e3a44453030"
                + "00000000000000290000019ab697e8000000000002faf0800100000006776972652d31000000002367b8800000000000"
                + "00002c0000019ab697f3b8");
        CoinContract.PayoutTotals totals = new CoinContract.PayoutTotals(2, Amount.ofWhole(5), 7, Amount.ofUnits(123), 1);
        Golden.assertHex("payout totals", totals.toBytes(),
                "0000000000000002000000001dcd65000000000000000007000000000000007b0000000000000001");
        Golden.assertHex("reserve report", REPORT.toBytes(),
                "38947ebc8dee65340f1e39c983677210471c9c29cecdafcbe701486b98b026a700000000000000020000000000000032"
                + "0000019ab6980b280000000200000003425443000000003b9aca00000000035553440000000005f5e1000000000e476f"
                + "6c64656e20437573746f64790000001768747470733a2f2f61756469742e6578616d706c652f32000000746a52880000"
                + "0000e8d4a510000000000100000003555344");
    }

    @Test
    void eachRecordReadsBackAsWritten() {
        assertThat(CoinConfig.fromBytes(new CoinConfig(List.of("USD", "EUR")).toBytes()).acceptedCurrencies())
                .containsExactly("USD", "EUR");
        assertThat(CoinContract.Redemption.fromBytes(ID, PENDING.toBytes())).isEqualTo(PENDING);
        assertThat(CoinContract.Redemption.fromBytes(ID, PAID.toBytes())).isEqualTo(PAID);
        CoinContract.PayoutTotals totals = new CoinContract.PayoutTotals(2, Amount.ofWhole(5), 7, Amount.ofUnits(123), 1);
        assertThat(CoinContract.PayoutTotals.fromBytes(totals.toBytes())).isEqualTo(totals);
        assertThat(CoinContract.ReserveReport.fromBytes(REPORT.toBytes())).isEqualTo(REPORT);
        // the paid redemption is 5.94 BTC for 6 expected at 0.5 coin per BTC: within 1%, not flagged
        assertThat(PAID.expectedPayout()).contains(Amount.ofWhole(6));
        assertThat(PAID.mismatched()).isFalse();
    }
}
