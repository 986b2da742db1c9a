package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reproduces, number for number, the worked example of docs/economics.md. */
class EconomicsExampleTest {
    static final long WEEK = 7L * 24 * 3600 * 1000;
    static final Address OP1 = Address.derived("example/operator-1", new byte[0]);
    static final Address OP2 = Address.derived("example/operator-2", new byte[0]);
    static final Address COIN_OP = Address.derived("example/coin-operator", new byte[0]);
    static final Address F1 = Address.derived("example/founder-1", new byte[0]);
    static final Address F2 = Address.derived("example/founder-2", new byte[0]);
    static final Address F3 = Address.derived("example/founder-3", new byte[0]);

    final LedgerHarness h = new LedgerHarness(p -> LedgerHarness.withFees(p, 5_000, List.of(OP1, OP2),
            2_000, List.of(COIN_OP), 2_000, List.of(F1, F2, F3)));
    final KeyPair mia = h.user(0);   // Alpha's manager
    final KeyPair alice = h.user(1);
    final KeyPair bob = h.user(2);
    final KeyPair carol = h.user(3); // Beta's manager and investor

    static Amount coin(String s) {
        return Amount.parse(s);
    }

    @Test
    void workedExampleOfDocsEconomics() { // covers: M1, M5, K3, K5, K8
        // 1. creation: Alpha 1000 shares at 1.5, 5% to the manager, fee 3% asked → cut to 2%
        Address alpha = h.create(mia, Amount.ofWhole(1000), coin("1.5"), 50_000, 30_000);
        Address beta = h.create(carol, Amount.ofWhole(100), Amount.ONE, 0, 0);
        assertThat(h.shares(mia.address(), alpha)).isEqualTo(Amount.ofWhole(50));
        assertThat(h.contract(alpha).managerFeePpm()).isEqualTo(20_000);

        // 2. direct purchases: 100 × 1.5 = 150; 0.33333333 × 1.5 = 0.499999995 → 0.5 (rounded up)
        h.normal(h.sign(alice, buy(alpha, Amount.ofWhole(100), coin("1.5"))),
                h.sign(bob, buy(alpha, coin("0.33333333"), coin("1.5"))),
                h.sign(carol, buy(beta, Amount.ofWhole(20), Amount.ONE)));
        assertThat(h.coin(bob.address())).isEqualTo(coin("999.5"));

        // 3. Alpha's New Block Action buys 10 Beta at 1
        h.one(h.act(alpha, buy(beta, Amount.ofWhole(10), Amount.ONE)));
        assertThat(h.coin(alpha)).isEqualTo(coin("140.5"));
        assertThat(h.coin(beta)).isEqualTo(coin("30"));

        // 4. a week later: Alpha's value 140.5 + 10 × 1 = 150.5; Beta's 30
        h.advance(WEEK);
        h.normal();
        FeeRecord fa = LedgerState.lastFee(h.state, alpha).orElseThrow();
        assertThat(fa.value()).isEqualTo(coin("150.5"));
        assertThat(fa.due()).isEqualTo(coin("4.3645"));
        assertThat(h.coin(alpha)).isEqualTo(coin("136.1355"));
        assertThat(h.coin(beta)).isEqualTo(coin("29.73"));
        assertThat(h.coin(OP1)).isEqualTo(coin("0.45125"));
        assertThat(h.coin(OP2)).isEqualTo(coin("0.45125"));
        assertThat(h.coin(COIN_OP)).isEqualTo(coin("0.361"));
        assertThat(h.coin(F1)).isEqualTo(coin("0.12033334"));
        assertThat(h.coin(F2)).isEqualTo(coin("0.12033333"));
        assertThat(h.coin(F3)).isEqualTo(coin("0.12033333"));
        assertThat(h.coin(mia.address())).isEqualTo(coin("1003.01"));

        // 5. Beta closes: 29.73 coin ÷ 30 outstanding = 0.991 per share
        h.one(h.sign(carol, new Payloads.ContractClose(beta)));
        h.normal();
        assertThat(h.contract(beta).status()).isEqualTo(ContractStatus.CLOSED);
        assertThat(h.coin(carol.address())).isEqualTo(coin("999.82"));
        assertThat(h.coin(alpha)).isEqualTo(coin("146.0455"));

        // 6. Alpha closes: 146.0455 coin over 150.33333333 outstanding shares, largest remainder
        h.one(h.sign(mia, new Payloads.ContractClose(alpha)));
        h.normal();
        assertThat(h.contract(alpha).status()).isEqualTo(ContractStatus.CLOSED);
        assertThat(h.coin(mia.address())).isEqualTo(coin("1003.01").plus(coin("48.57389135")));
        assertThat(h.coin(alice.address())).isEqualTo(coin("850").plus(coin("97.14778271")));
        assertThat(h.coin(bob.address())).isEqualTo(coin("999.5").plus(coin("0.32382594")));
        assertThat(h.coin(alpha)).isEqualTo(Amount.ZERO);
        assertThat(h.shares(alpha, alpha)).isEqualTo(Amount.ofWhole(1000));
    }
}
