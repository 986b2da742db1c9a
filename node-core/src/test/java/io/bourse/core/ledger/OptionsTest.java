package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import org.junit.jupiter.api.Test;

/** Options: write, trade, exercise, settlement at expiry and at repurchase (M4). */
class OptionsTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair alice = h.user(0);
    final KeyPair bob = h.user(1);
    final KeyPair carol = h.user(2);
    final Address fund = h.create(h.user(3), Amount.ofWhole(1000), Amount.ONE, 0, 0);
    final TokenId share = TokenId.shareOf(fund);
    final Address operator = h.params.contractNetworkOperatorFeeAddress().get(0);

    OptionsTest() {
        h.normal(h.sign(alice, buy(fund, Amount.ofWhole(100), Amount.ONE)),
                h.sign(bob, buy(fund, Amount.ofWhole(10), Amount.ONE)));
    }

    Hash write(KeyPair k, OptionType type, String strike, long expiry, String size) {
        Payloads.OptionWrite w = new Payloads.OptionWrite(fund, type, Amount.parse(strike), expiry, Amount.parse(size));
        Receipt r = h.one(h.sign(k, w));
        assertThat(r.applied()).as(r.message()).isTrue();
        return OptionSeries.idOf(fund, type, Amount.parse(strike).units(), expiry);
    }

    void trade(TokenId base, KeyPair seller, KeyPair buyer, String price, String qty) {
        h.one(h.sign(seller, new Payloads.PlaceOrder(base, TokenId.COIN, Side.SELL, OrderType.LIMIT,
                Amount.parse(price), Amount.parse(qty), 0)));
        Receipt r = h.one(h.sign(buyer, new Payloads.PlaceOrder(base, TokenId.COIN, Side.BUY,
                OrderType.IMMEDIATE_OR_CANCEL, Amount.parse(price), Amount.parse(qty), 0)));
        assertThat(r.message()).contains("filled " + qty);
    }

    void untilHeight(long height) {
        while (h.height < height) {
            h.normal();
        }
    }

    @Test
    void aCallLocksSharesTradesOnTheBookIsExercisedAndSettlesByNetSharesAtExpiry() { // covers: M4
        long expiry = h.height + 8;
        Hash id = write(alice, OptionType.CALL, "2", expiry, "10");
        OptionSeries series = Market.seriesById(h.state, id).orElseThrow();
        TokenId option = series.token();
        assertThat(h.shares(alice.address(), fund)).isEqualTo(Amount.ofWhole(90));
        assertThat(LedgerState.balance(h.state, series.pool(), share)).isEqualTo(Amount.ofWhole(10));
        assertThat(LedgerState.balance(h.state, alice.address(), option)).isEqualTo(Amount.ofWhole(10));
        trade(option, alice, bob, "0.5", "4"); // the premium is the price
        assertThat(LedgerState.balance(h.state, bob.address(), option)).isEqualTo(Amount.parse("3.996"));
        Amount bobCoin = h.coin(bob.address());
        assertThat(h.one(h.sign(bob, new Payloads.OptionExercise(id, Amount.ofWhole(2)))).applied()).isTrue();
        assertThat(h.coin(bob.address())).isEqualTo(bobCoin.minus(Amount.ofWhole(4)));
        assertThat(h.shares(bob.address(), fund)).isEqualTo(Amount.ofWhole(12));
        trade(share, alice, carol, "3", "1"); // mark price 3
        untilHeight(expiry);
        OptionSeries done = Market.seriesById(h.state, id).orElseThrow();
        assertThat(done.settled()).isTrue();
        assertThat(done.settlementPrice()).isEqualTo(Amount.ofWhole(3).units());
        // bob held 1.996 calls: ⌊1.996 × (3 − 2) ÷ 3⌋ shares
        assertThat(h.shares(bob.address(), fund)).isEqualTo(Amount.parse("12.66533333"));
        assertThat(LedgerState.holders(h.state, option)).isEmpty();
        assertThat(LedgerState.holdings(h.state, series.pool())).isEmpty();
        // alice, the only writer, got the rest of the pool: the strike Coin of the exercise and the shares left
        assertThat(LedgerState.balance(h.state, alice.address(), share).plus(
                LedgerState.balance(h.state, bob.address(), share)).plus(LedgerState.balance(h.state, carol.address(),
                share)).plus(LedgerState.balance(h.state, operator, share))).isEqualTo(Amount.ofWhole(110));
        assertThat(h.one(h.sign(bob, new Payloads.OptionExercise(id, Amount.ONE))).message()).contains("no live option");
    }

    @Test
    void aPutLocksStrikeTimesSizeCoinAndOutOfTheMoneyReturnsThePoolToTheWriter() { // covers: M4
        long expiry = h.height + 5;
        Amount bobCoin = h.coin(bob.address());
        Hash id = write(bob, OptionType.PUT, "1", expiry, "5");
        TokenId option = OptionSeries.token(id);
        assertThat(h.coin(bob.address())).isEqualTo(bobCoin.minus(Amount.ofWhole(5)));
        h.one(h.sign(bob, new Payloads.Transfer(alice.address(), option, Amount.ofWhole(2))));
        Amount aliceCoin = h.coin(alice.address());
        assertThat(h.one(h.sign(alice, new Payloads.OptionExercise(id, Amount.ofWhole(2)))).applied()).isTrue();
        assertThat(h.coin(alice.address())).isEqualTo(aliceCoin.plus(Amount.ofWhole(2)));
        assertThat(h.shares(alice.address(), fund)).isEqualTo(Amount.ofWhole(98));
        untilHeight(expiry); // mark = direct-sale price 1 = strike: worthless
        assertThat(h.shares(bob.address(), fund)).isEqualTo(Amount.ofWhole(12));
        assertThat(h.coin(bob.address())).as("5 locked, 2 paid out, 3 back").isEqualTo(bobCoin.minus(Amount.ofWhole(2)));
        assertThat(LedgerState.balance(h.state, bob.address(), option)).isEqualTo(Amount.ZERO);
        assertThat(LedgerState.holdings(h.state, OptionSeries.pool(id))).isEmpty();
    }

    /**
     * Option tokens are the one kind of token besides Coin that is created after a contract's
     * initial shares (an exception to N2, docs/economics.md): always backed in full by the
     * series' pool — a call's tokens by as many underlying shares, a put's by strike × size Coin —
     * through writes, transfers, trades and exercises by different holders.
     */
    void assertFullyCollateralised(Hash id) {
        OptionSeries s = Market.seriesById(h.state, id).orElseThrow();
        long tokens = LedgerState.holders(h.state, s.token()).values().stream().mapToLong(Amount::units).sum();
        assertThat(tokens).as("tokens in existence = the series' open count").isEqualTo(s.open());
        if (s.type() == OptionType.CALL) {
            assertThat(LedgerState.balance(h.state, s.pool(), share).units()).as("shares in the pool")
                    .isGreaterThanOrEqualTo(tokens);
        } else {
            assertThat(LedgerState.balance(h.state, s.pool(), TokenId.COIN))
                    .as("Coin in the pool").isGreaterThanOrEqualTo(Amount.cost(Amount.ofUnits(s.strike()), Amount.ofUnits(tokens), Amount.Rounding.UP));
        }
    }

    @Test
    void optionTokensAreAlwaysBackedInFullByTheirPool() { // covers: M4, N2
        long expiry = h.height + 12;
        Hash call = write(alice, OptionType.CALL, "2", expiry, "10");
        Hash put = write(bob, OptionType.PUT, "0.5", expiry, "4");
        assertFullyCollateralised(call);
        assertFullyCollateralised(put);
        write(bob, OptionType.CALL, "2", expiry, "3"); // a second writer on the same series
        assertFullyCollateralised(call);
        TokenId callToken = OptionSeries.token(call);
        TokenId putToken = OptionSeries.token(put);
        h.one(h.sign(alice, new Payloads.Transfer(carol.address(), callToken, Amount.ofWhole(5))));
        h.one(h.sign(bob, new Payloads.Transfer(alice.address(), putToken, Amount.ofWhole(3))));
        trade(callToken, bob, alice, "0.1", "2");
        assertFullyCollateralised(call);
        assertFullyCollateralised(put);
        assertThat(h.one(h.sign(carol, new Payloads.OptionExercise(call, Amount.ofWhole(4)))).applied()).isTrue();
        assertThat(h.one(h.sign(alice, new Payloads.OptionExercise(put, Amount.ofWhole(2)))).applied()).isTrue();
        assertFullyCollateralised(call);
        assertFullyCollateralised(put);
        assertThat(h.one(h.sign(carol, new Payloads.OptionExercise(call, Amount.ofWhole(2)))).reason())
                .as("no one exercises more than they hold").isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertFullyCollateralised(call);
    }

    @Test
    void writingAndExercisingFollowTheRules() { // covers: M4
        assertThat(h.one(h.sign(alice, new Payloads.OptionWrite(fund, OptionType.CALL, Amount.ONE, h.height,
                Amount.ONE))).message()).contains("is not above this block");
        assertThat(h.one(h.sign(alice, new Payloads.OptionWrite(fund, OptionType.CALL, Amount.ONE, h.height + 9,
                Amount.ofWhole(101)))).reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(h.one(h.sign(alice, new Payloads.OptionWrite(alice.address(), OptionType.CALL, Amount.ONE,
                h.height + 9, Amount.ONE))).reason()).isEqualTo(RejectReason.UNKNOWN_CONTRACT);
        Hash id = write(alice, OptionType.CALL, "1", h.height + 9, "1");
        assertThat(h.one(h.sign(bob, new Payloads.OptionExercise(id, Amount.ONE))).reason())
                .isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
    }

    @Test
    void seriesOnAContractThatIsRepurchasedSettleAtTheRepurchasePrice() { // covers: M4, K5
        KeyPair manager = h.user(3);
        Address small = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(alice, buy(small, Amount.ofWhole(10), Amount.ONE)));
        Hash id = OptionSeries.idOf(small, OptionType.CALL, Amount.parse("0.5").units(), h.height + 100);
        h.one(h.sign(alice, new Payloads.OptionWrite(small, OptionType.CALL, Amount.parse("0.5"), h.height + 100,
                Amount.ofWhole(4))));
        h.one(h.sign(alice, new Payloads.Transfer(bob.address(), OptionSeries.token(id), Amount.ofWhole(4))));
        h.one(h.sign(manager, new Payloads.ContractClose(small)));
        h.normal(); // the Repurchase: 10 Coin for 10 outstanding shares (alice 6, the pool 4): price 1
        assertThat(h.contract(small).status()).isEqualTo(ContractStatus.CLOSED);
        OptionSeries s = Market.seriesById(h.state, id).orElseThrow();
        assertThat(s.settled()).isTrue();
        assertThat(s.settlementPrice()).isEqualTo(Amount.ONE.units());
        Amount bobBefore = Amount.ofWhole(1000).minus(Amount.ofWhole(10));
        // bob's 4 calls at strike 0.5 are worth 4 × 0.5 = 2 Coin; alice gets the pool's other 2
        assertThat(h.coin(bob.address()).minus(bobBefore)).isEqualTo(Amount.ofWhole(2));
        assertThat(LedgerState.holdings(h.state, s.pool())).isEmpty();
    }
}
