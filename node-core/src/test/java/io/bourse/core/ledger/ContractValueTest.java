package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Value per share on the worked example of docs/economics.md, by hand: value at mark prices ÷
 * shares outstanding, rounded down. // covers: O6, M5
 */
class ContractValueTest {
    final LedgerHarness h = new LedgerHarness(p -> LedgerHarness.withFees(p, 5_000,
            List.of(EconomicsExampleTest.OP1, EconomicsExampleTest.OP2), 2_000, List.of(EconomicsExampleTest.COIN_OP),
            2_000, List.of(EconomicsExampleTest.F1, EconomicsExampleTest.F2, EconomicsExampleTest.F3)));
    final KeyPair mia = h.user(0);
    final KeyPair alice = h.user(1);
    final KeyPair bob = h.user(2);
    final KeyPair carol = h.user(3);

    ContractValue value(Address a) {
        return ContractValue.of(h.state, LedgerState.parameters(h.state), h.contract(a));
    }

    @Test
    void valuePerShareIsValueAtMarkPricesOverOutstandingSharesRoundedDown() {
        Address alpha = h.create(mia, Amount.ofWhole(1000), Amount.parse("1.5"), 50_000, 30_000);
        Address beta = h.create(carol, Amount.ofWhole(100), Amount.ONE, 0, 0);
        // Beta: no manager share, nothing sold yet: no share outstanding, so no value per share
        assertThat(value(beta).outstanding()).isEqualTo(Amount.ZERO);
        assertThat(value(beta).perShareUnits()).isEmpty();
        // Alpha: Mia's 50 are outstanding, the contract holds no Coin yet: value 0
        assertThat(value(alpha).outstanding()).isEqualTo(Amount.ofWhole(50));
        assertThat(value(alpha).perShareUnits()).hasValue(0);

        h.normal(h.sign(alice, buy(alpha, Amount.ofWhole(100), Amount.parse("1.5"))),
                h.sign(bob, buy(alpha, Amount.parse("0.33333333"), Amount.parse("1.5"))),
                h.sign(carol, buy(beta, Amount.ofWhole(20), Amount.ONE)));
        h.one(h.act(alpha, buy(beta, Amount.ofWhole(10), Amount.ONE)));
        // Alpha: 140.5 Coin + 10 Beta at its direct-sale price 1 = 150.5 over 150.33333333 outstanding
        // = 15,050,000,000 × 10^8 ÷ 15,033,333,333 = 100,110,864.7… → 1.00110864
        assertThat(value(alpha).value()).isEqualTo(Amount.parse("150.5"));
        assertThat(value(alpha).outstanding()).isEqualTo(Amount.parse("150.33333333"));
        assertThat(value(alpha).perShareUnits()).hasValue(100_110_864L);
        // Beta: 30 Coin over Carol's 20 and Alpha's 10
        assertThat(value(beta).perShareUnits()).hasValue(100_000_000L);

        // a week later the fees are paid: Alpha 136.1355 + 10 = 146.1355 → 0.97207649; Beta 29.73 ÷ 30 = 0.991
        h.advance(EconomicsExampleTest.WEEK);
        h.normal();
        assertThat(value(alpha).value()).isEqualTo(Amount.parse("146.1355"));
        assertThat(value(alpha).perShareUnits()).hasValue(97_207_649L);
        assertThat(value(beta).perShareUnits()).hasValue(99_100_000L);
    }
}
