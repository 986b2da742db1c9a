package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.creation;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContractLifecycleTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair manager = h.user(0);
    final KeyPair alice = h.user(1);
    final KeyPair bob = h.user(2);

    @Test
    void creationStoresPublicCodeAndGivesAllSharesToTheContractButTheManagersPart() { // covers: K1, K3, K8
        Address c = h.create(manager, Amount.ofWhole(1000), Amount.ofWhole(2), 50_000, 10_000);
        ContractRecord rec = h.contract(c);
        String code = "function onBlock(ctx) { return []; }";
        assertThat(LedgerState.contractCode(h.state, c)).contains(code);
        assertThat(rec.codeHash()).isEqualTo(Hash.of(code.getBytes(StandardCharsets.UTF_8)));
        assertThat(rec.status()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(rec.manager()).isEqualTo(manager.publicKey());
        assertThat(rec.createdAtMillis()).isEqualTo(h.time);
        assertThat(rec.configJson()).isEqualTo("{\"risk\":\"high\"}");
        assertThat(h.shares(c, c)).isEqualTo(Amount.ofWhole(950));
        assertThat(h.shares(manager.address(), c)).isEqualTo(Amount.ofWhole(50));
        assertThat(h.lastReceipts.get(0).message()).contains(c.text());
    }

    @Test
    void managerShareAboveTheMaximumIsRejectedNamingTheRule() { // covers: K8
        Receipt r = h.special(h.sign(h.signers.get(1), creation(manager, Amount.ofWhole(100), Amount.ONE, 100_001, 0)));
        assertThat(r.reason()).isEqualTo(RejectReason.MANAGER_SHARE_TOO_LARGE);
        assertThat(r.message()).contains("100001 ppm").contains("contractMaximumManagerShare 100000 ppm (10%)");
    }

    @Test
    void managerFeeAboveTheMaximumIsCutToTheMaximum() { // covers: K8
        Address c = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 90_000);
        assertThat(h.contract(c).managerFeePpm()).isEqualTo(h.params.contractMaximumManagerFeePpm());
        assertThat(h.lastReceipts.get(0).message()).contains("cut from 90000 ppm");
    }

    @Test
    void onlyABlockSignerCreatesAContractAndEncryptedPortionsMustDecode() { // covers: K1, K2
        Receipt byUser = h.special(h.sign(alice, creation(manager, Amount.ONE, Amount.ONE, 0, 0)));
        assertThat(byUser.reason()).isEqualTo(RejectReason.NOT_A_SIGNER);
        Payloads.ContractCreation enc = new Payloads.ContractCreation("x", manager.publicKey(), "", new byte[] {1, 2},
                "report-1", Amount.ONE, Amount.ONE, 0, 0, "{}");
        Receipt encrypted = h.special(h.sign(h.signers.get(0), enc));
        assertThat(encrypted.reason()).isEqualTo(RejectReason.REVIEW_REPORT_INVALID); // SealedCreationsTest for the rest
        assertThat(encrypted.message()).contains("K2");
    }

    @Test
    void creationBelowTheMinimumSharePriceIsRejected() { // covers: M1
        Receipt r = h.special(h.sign(h.signers.get(0), creation(manager, Amount.ONE, Amount.parse("0.5"), 0, 0)));
        assertThat(r.reason()).isEqualTo(RejectReason.PRICE_TOO_LOW);
        assertThat(r.message()).contains("0.5").contains("contractMinimumSharePrice 1");
    }

    @Test
    void directPurchaseOfAFractionalQuantityRoundsTheCostUpForTheBuyer() { // covers: M1
        Address c = h.create(manager, Amount.ofWhole(10), Amount.parse("3"), 0, 0);
        // 0.33333333 shares × 3 coin = 0.99999999 coin exactly; 0.00000001 share × 3 = 0.00000003
        Receipt r = h.one(h.sign(alice, buy(c, Amount.parse("0.33333333"), Amount.ofWhole(3))));
        assertThat(r.applied()).isTrue();
        assertThat(h.coin(c)).isEqualTo(Amount.parse("0.99999999"));
        assertThat(h.shares(alice.address(), c)).isEqualTo(Amount.parse("0.33333333"));
        // price 1.5: 0.00000001 share costs 0.000000015 → 0.00000002 rounded up
        h.one(h.sign(manager, new Payloads.ContractConfigUpdate(c, Amount.parse("1.5"), 0, "{}")));
        h.one(h.sign(bob, buy(c, Amount.ofUnits(1), Amount.ofWhole(2))));
        assertThat(h.coin(bob.address())).isEqualTo(Amount.ofWhole(1000).minus(Amount.ofUnits(2)));
        assertThat(h.shares(c, c)).isEqualTo(Amount.ofWhole(10).minus(Amount.parse("0.33333334")));
    }

    @Test
    void purchaseAboveTheBuyersMaximumPriceIsRejected() { // covers: M1
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ofWhole(2), 0, 0);
        Receipt r = h.one(h.sign(alice, buy(c, Amount.ONE, Amount.parse("1.99"))));
        assertThat(r.reason()).isEqualTo(RejectReason.PRICE_ABOVE_LIMIT);
        assertThat(r.message()).contains("direct-sale price 2").contains("maxPricePerShare 1.99");
    }

    @Test
    void purchaseNeverPaysLessThanTheCurrentMinimumSharePrice() { // covers: M1
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        var raised = LedgerHarness.withMinimumPrice(h.params, Amount.ofWhole(4));
        assertThat(h.special(h.sign(h.signers.get(0), new Payloads.NetworkParametersUpdate(raised.toJson()))).applied())
                .isTrue();
        assertThat(h.one(h.sign(alice, buy(c, Amount.ONE, Amount.ofWhole(3)))).reason())
                .isEqualTo(RejectReason.PRICE_ABOVE_LIMIT);
        assertThat(h.one(h.sign(alice, buy(c, Amount.ONE, Amount.ofWhole(4)))).applied()).isTrue();
        assertThat(h.coin(c)).isEqualTo(Amount.ofWhole(4));
    }

    @Test
    void purchaseBeyondTheTreasuryOrTheBuyersCoinIsRejected() { // covers: M1, K3
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 100_000, 0);
        assertThat(h.one(h.sign(alice, buy(c, Amount.parse("9.5"), Amount.ONE))).message())
                .contains("only 9 of its shares");
        Address pricey = h.create(manager, Amount.ofWhole(10_000), Amount.ofWhole(500), 0, 0);
        assertThat(h.one(h.sign(alice, buy(pricey, Amount.ofWhole(3), Amount.ofWhole(500)))).reason())
                .isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
    }

    @Test
    void restrictedContractSellsNothingUntilASpecialBlockReactivatesIt() { // covers: K4
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        assertThat(h.special(h.sign(h.signers.get(1), new Payloads.ContractStateChange(c, true))).applied()).isTrue();
        Receipt refused = h.one(h.sign(alice, buy(c, Amount.ONE, Amount.ONE)));
        assertThat(refused.reason()).isEqualTo(RejectReason.CONTRACT_STATE);
        assertThat(refused.message()).contains("is Restricted: it cannot sell its shares");
        assertThat(h.special(h.sign(h.signers.get(1), new Payloads.ContractStateChange(c, false))).applied()).isTrue();
        assertThat(h.one(h.sign(alice, buy(c, Amount.ONE, Amount.ONE))).applied()).isTrue();
    }

    @Test
    void onlySignersChangeStateAndOnlyBetweenActiveAndRestricted() { // covers: K4
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        assertThat(h.special(h.sign(alice, new Payloads.ContractStateChange(c, true))).reason())
                .isEqualTo(RejectReason.NOT_A_SIGNER);
        assertThat(h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(c, false))).reason())
                .isEqualTo(RejectReason.CONTRACT_STATE);
        h.one(h.sign(manager, new Payloads.ContractClose(c)));
        Receipt back = h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(c, false)));
        assertThat(back.reason()).isEqualTo(RejectReason.CONTRACT_STATE);
        assertThat(back.message()).contains("is Closed").contains("Active ⇄ Restricted");
    }

    @Test
    void managerClosesFromRestrictedAndNobodyElseCan() { // covers: K4, K7
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        h.one(h.sign(alice, buy(c, Amount.ONE, Amount.ONE)));
        h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(c, true)));
        assertThat(h.one(h.sign(alice, new Payloads.ContractClose(c))).reason())
                .isEqualTo(RejectReason.NOT_CONTRACT_MANAGER);
        assertThat(h.one(h.sign(manager, new Payloads.ContractClose(c))).applied()).isTrue();
        assertThat(h.one(h.sign(manager, new Payloads.ContractClose(c))).reason()).isEqualTo(RejectReason.CONTRACT_STATE);
    }

    @Test
    void closingContractStopsDirectSalesAndFreezesItsConfiguration() { // covers: K5, K7
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        // keep it Closing: it holds another contract's shares, so it cannot close yet
        Address other = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        h.one(h.sign(alice, new Payloads.Transfer(c, io.bourse.core.types.TokenId.COIN, Amount.ofWhole(5))));
        h.one(h.act(c, buy(other, Amount.ONE, Amount.ONE)));
        h.one(h.sign(manager, new Payloads.ContractClose(c)));
        h.normal();
        assertThat(h.contract(c).status()).isEqualTo(ContractStatus.CLOSING);
        Receipt sale = h.one(h.sign(alice, buy(c, Amount.ONE, Amount.ONE)));
        assertThat(sale.message()).contains("Closing: direct sales have stopped (K5 step 1)");
        Receipt cfg = h.one(h.sign(manager, new Payloads.ContractConfigUpdate(c, Amount.ONE, 0, "{}")));
        assertThat(cfg.reason()).isEqualTo(RejectReason.CONTRACT_STATE);
        Receipt act = h.one(h.act(c, buy(other, Amount.ONE, Amount.ONE)));
        assertThat(act.message()).contains("only sells its holdings for Coin");
    }

    @Test
    void managerUpdatesPriceFeeAndConfigButNotTheCode() { // covers: K7, K8
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        Hash codeHash = h.contract(c).codeHash();
        Receipt r = h.one(h.sign(manager, new Payloads.ContractConfigUpdate(c, Amount.ofWhole(3), 500_000, "{\"v\":2}")));
        assertThat(r.applied()).isTrue();
        assertThat(r.message()).contains("cut from 500000 ppm");
        ContractRecord rec = h.contract(c);
        assertThat(rec.directSalePrice()).isEqualTo(Amount.ofWhole(3));
        assertThat(rec.managerFeePpm()).isEqualTo(h.params.contractMaximumManagerFeePpm());
        assertThat(rec.configJson()).isEqualTo("{\"v\":2}");
        assertThat(rec.codeHash()).isEqualTo(codeHash);
        assertThat(h.one(h.sign(alice, new Payloads.ContractConfigUpdate(c, Amount.ONE, 0, "{}"))).reason())
                .isEqualTo(RejectReason.NOT_CONTRACT_MANAGER);
    }

    @Test
    void closingContractWithOnlyCoinRepurchasesEveryShareByLargestRemainder() { // covers: K5
        KeyPair carol = h.user(3);
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 0, 0);
        h.normal(h.sign(alice, buy(c, Amount.ONE, Amount.ONE)), h.sign(bob, buy(c, Amount.ONE, Amount.ONE)),
                h.sign(carol, buy(c, Amount.ONE, Amount.ONE)), h.sign(alice, pay(c, Amount.ofUnits(2))));
        Amount aliceBefore = h.coin(alice.address());
        Amount bobBefore = h.coin(bob.address());
        Amount carolBefore = h.coin(carol.address());
        assertThat(h.coin(c)).isEqualTo(Amount.ofUnits(300_000_002L));
        h.one(h.sign(manager, new Payloads.ContractClose(c)));
        assertThat(h.contract(c).status()).isEqualTo(ContractStatus.CLOSING);
        h.normal();
        assertThat(h.contract(c).status()).isEqualTo(ContractStatus.CLOSED);
        // 300,000,002 ÷ 3: 100,000,000 each, remainders equal; the 2 units go to the two lowest addresses
        long[] got = {h.coin(alice.address()).minus(aliceBefore).units(), h.coin(bob.address()).minus(bobBefore).units(),
                h.coin(carol.address()).minus(carolBefore).units()};
        assertThat(got[0] + got[1] + got[2]).isEqualTo(300_000_002L);
        assertThat(got).containsAnyOf(100_000_000L).containsOnly(100_000_000L, 100_000_001L);
        assertThat(h.coin(c)).isEqualTo(Amount.ZERO);
        assertThat(h.shares(c, c)).isEqualTo(Amount.ofWhole(10));
        assertThat(LedgerState.holders(h.state, h.contract(c).token())).containsOnlyKeys(c);
        assertThat(h.one(h.sign(alice, pay(c, Amount.ONE))).message()).contains("is Closed");
    }

    @Test
    void repurchaseSplitsUnevenHoldingsExactly() { // covers: K5
        Address c = h.create(manager, Amount.ofWhole(10), Amount.ONE, 100_000, 0);
        h.normal(h.sign(alice, buy(c, Amount.parse("2.5"), Amount.ONE)), h.sign(bob, buy(c, Amount.parse("0.5"), Amount.ONE)));
        // Coin 3, outstanding 1 (manager) + 2.5 + 0.5 = 4 → 0.75 coin per share
        Amount managerBefore = h.coin(manager.address());
        h.one(h.sign(manager, new Payloads.ContractClose(c)));
        h.normal();
        assertThat(h.coin(manager.address()).minus(managerBefore)).isEqualTo(Amount.parse("0.75"));
        assertThat(h.coin(alice.address())).isEqualTo(Amount.ofWhole(1000).minus(Amount.parse("2.5")).plus(Amount.parse("1.875")));
        assertThat(h.coin(bob.address())).isEqualTo(Amount.ofWhole(1000).minus(Amount.parse("0.5")).plus(Amount.parse("0.375")));
    }

    @Test
    void contractCommitmentIdGivesItsAddress() { // covers: K1
        Commitment cc = h.sign(h.signers.get(2), creation(manager, Amount.ONE, Amount.ONE, 0, 0));
        h.special(cc);
        assertThat(LedgerState.contract(h.state, Contracts.addressFor(cc.id()))).isPresent();
    }
}
