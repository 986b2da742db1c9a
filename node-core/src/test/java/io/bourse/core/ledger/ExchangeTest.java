package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exchange inside the ledger: order types, reservation, fees, expiry, self-trade (M2, M3). */
class ExchangeTest {
    final LedgerHarness h = new LedgerHarness();
    KeyPair alice;
    KeyPair bob;
    Address fund;
    TokenId share;
    Address operator;

    @BeforeEach
    void setUp() {
        alice = h.user(0);
        bob = h.user(1);
        fund = h.create(h.user(3), Amount.ofWhole(1000), Amount.ONE, 0, 0);
        share = TokenId.shareOf(fund);
        operator = h.params.contractNetworkOperatorFeeAddress().get(0);
        h.normal(h.sign(alice, buy(fund, Amount.ofWhole(100), Amount.ONE)));
    }

    static Payloads.PlaceOrder order(TokenId base, Side side, OrderType type, String price, String qty, long gtd) {
        return new Payloads.PlaceOrder(base, TokenId.COIN, side, type, Amount.parse(price), Amount.parse(qty), gtd);
    }

    Payloads.PlaceOrder limit(Side side, String price, String qty) {
        return order(share, side, OrderType.LIMIT, price, qty, 0);
    }

    Amount reserved(KeyPair k, TokenId t) {
        return LedgerState.reserved(h.state, k.address(), t);
    }

    @Test
    void restingOrderReservesFundsAndACrossingOrderFillsAtTheMakersPriceWithFees() { // covers: M2
        Commitment ask = h.sign(alice, limit(Side.SELL, "2", "10"));
        assertThat(h.one(ask).applied()).isTrue();
        assertThat(reserved(alice, share)).isEqualTo(Amount.ofWhole(10));
        assertThat(h.one(h.sign(alice, new Payloads.Transfer(bob.address(), share, Amount.ofWhole(95))))
                .reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        Amount bobCoin = h.coin(bob.address());
        Amount aliceCoin = h.coin(alice.address());
        Amount opCoin = h.coin(operator);
        Receipt r = h.one(h.sign(bob, limit(Side.BUY, "2.5", "4")));
        assertThat(r.message()).contains("filled 4 for 8");
        // bob pays 4 × 2 = 8 (maker's price); each side pays 0.1 % of what it receives, rounded up
        assertThat(h.coin(bob.address())).isEqualTo(bobCoin.minus(Amount.ofWhole(8)));
        assertThat(h.shares(bob.address(), fund)).isEqualTo(Amount.parse("3.996"));
        assertThat(h.coin(alice.address())).isEqualTo(aliceCoin.plus(Amount.parse("7.992")));
        assertThat(h.coin(operator).minus(opCoin)).isGreaterThanOrEqualTo(Amount.parse("0.008"));
        assertThat(LedgerState.balance(h.state, operator, share)).isEqualTo(Amount.parse("0.004"));
        assertThat(reserved(alice, share)).isEqualTo(Amount.ofWhole(6));
        assertThat(Market.order(h.state, ask.id()).orElseThrow().remaining()).isEqualTo(Amount.ofWhole(6).units());
        assertThat(Market.record(h.state, share, TokenId.COIN).lastPrice()).isEqualTo(Amount.ofWhole(2).units());
        assertThat(Market.recentTrades(h.state, share, TokenId.COIN, 10)).hasSize(1);
        assertThat(Market.candles(h.state, share, TokenId.COIN, 0, Long.MAX_VALUE, 3_600_000)).singleElement()
                .satisfies(c -> assertThat(c.baseVolume()).isEqualTo(Amount.ofWhole(4)));
    }

    @Test
    void priceThenTimePriorityAcrossBlocksAndPartialFills() { // covers: M2
        Commitment first = h.sign(alice, limit(Side.SELL, "2", "3"));
        h.one(first);
        h.normal(h.sign(alice, buy(fund, Amount.ofWhole(10), Amount.ONE)));
        KeyPair carol = h.user(2);
        h.one(h.sign(carol, buy(fund, Amount.ofWhole(10), Amount.ONE)));
        Commitment second = h.sign(carol, limit(Side.SELL, "2", "3"));
        Commitment better = h.sign(carol, limit(Side.SELL, "1.9", "1"));
        h.normal(second, better);
        h.one(h.sign(bob, limit(Side.BUY, "2", "5")));
        assertThat(Market.order(h.state, better.id())).isEmpty();
        assertThat(Market.order(h.state, first.id())).isEmpty();
        assertThat(Market.order(h.state, second.id()).orElseThrow().remaining()).isEqualTo(Amount.ofWhole(2).units());
        assertThat(Market.depth(h.state, share, TokenId.COIN, 5).asks()).singleElement()
                .satisfies(l -> assertThat(l.quantity()).isEqualTo(Amount.ofWhole(2)));
    }

    @Test
    void cancelReleasesTheReservationAndOnlyTheOwnerCancels() { // covers: M2
        Commitment bid = h.sign(bob, limit(Side.BUY, "1.5", "10"));
        h.one(bid);
        assertThat(reserved(bob, TokenId.COIN)).isEqualTo(Amount.ofWhole(15));
        assertThat(Market.openOrders(h.state, bob.address())).hasSize(1);
        assertThat(h.one(h.sign(alice, new Payloads.CancelOrder(bid.id()))).reason())
                .isEqualTo(RejectReason.UNKNOWN_ORDER);
        assertThat(h.one(h.sign(bob, new Payloads.CancelOrder(bid.id()))).applied()).isTrue();
        assertThat(reserved(bob, TokenId.COIN)).isEqualTo(Amount.ZERO);
        assertThat(Market.openOrders(h.state, bob.address())).isEmpty();
        assertThat(h.one(h.sign(bob, new Payloads.CancelOrder(bid.id()))).reason()).isEqualTo(RejectReason.UNKNOWN_ORDER);
    }

    @Test
    void iocAndMarketDropTheirRestAndFillOrKillTradesWholeOrNothing() { // covers: M2
        h.one(h.sign(alice, limit(Side.SELL, "2", "5")));
        Receipt fok = h.one(h.sign(bob, order(share, Side.BUY, OrderType.FILL_OR_KILL, "2", "6", 0)));
        assertThat(fok.applied()).isTrue();
        assertThat(fok.message()).contains("fill-or-kill could not fill whole");
        assertThat(h.shares(bob.address(), fund)).isEqualTo(Amount.ZERO);
        assertThat(h.one(h.sign(bob, order(share, Side.BUY, OrderType.IMMEDIATE_OR_CANCEL, "2", "2", 0)))
                .message()).contains("filled 2 for 4");
        Receipt market = h.one(h.sign(bob, order(share, Side.BUY, OrderType.MARKET, "3", "9", 0)));
        assertThat(market.message()).contains("filled 3 for 6").doesNotContain("resting");
        assertThat(Market.openOrders(h.state, bob.address())).isEmpty();
        assertThat(reserved(bob, TokenId.COIN)).isEqualTo(Amount.ZERO);
        assertThat(h.one(h.sign(bob, order(share, Side.BUY, OrderType.FILL_OR_KILL, "2", "1", 0))).message())
                .contains("could not fill");
    }

    @Test
    void ordersGoodTillAHeightExpireAtTheStartOfTheNextBlock() { // covers: M2
        Commitment bid = h.sign(bob, order(share, Side.BUY, OrderType.LIMIT, "1", "5", h.height + 2));
        h.one(bid);
        assertThat(Market.order(h.state, bid.id())).isPresent();
        h.normal();
        assertThat(Market.order(h.state, bid.id())).isPresent();
        h.normal();
        assertThat(Market.order(h.state, bid.id())).isEmpty();
        assertThat(reserved(bob, TokenId.COIN)).isEqualTo(Amount.ZERO);
        assertThat(h.one(h.sign(bob, order(share, Side.BUY, OrderType.LIMIT, "1", "5", h.height))).reason())
                .isEqualTo(RejectReason.INVALID_ORDER);
    }

    @Test
    void selfTradeCancelsTheRestingOrderOfTheSameOwner() { // covers: M2
        h.one(h.sign(alice, buy(fund, Amount.ZERO.plus(Amount.ONE), Amount.ONE)));
        Commitment own = h.sign(alice, limit(Side.SELL, "2", "5"));
        h.one(own);
        Receipt r = h.one(h.sign(alice, limit(Side.BUY, "2", "1")));
        assertThat(r.message()).contains("1 own resting order(s) cancelled (self-trade)");
        assertThat(Market.order(h.state, own.id())).isEmpty();
        assertThat(reserved(alice, share)).isEqualTo(Amount.ZERO);
        assertThat(Market.openOrders(h.state, alice.address())).extracting(RestingOrder::side).containsExactly(Side.BUY);
    }

    @Test
    void badOrdersAreRejectedNamingTheRule() { // covers: M2
        assertThat(h.one(h.sign(bob, limit(Side.BUY, "1.00001", "1"))).message()).contains("tick");
        assertThat(h.one(h.sign(bob, limit(Side.BUY, "1", "0.00001"))).message()).contains("lot");
        assertThat(h.one(h.sign(bob, limit(Side.BUY, "100", "20"))).reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(h.one(h.sign(bob, new Payloads.PlaceOrder(TokenId.COIN, share, Side.BUY, OrderType.LIMIT,
                Amount.ONE, Amount.ONE, 0))).message()).contains("Coin is always the quote");
        assertThat(h.one(h.sign(bob, order(TokenId.shareOf(bob.address()), Side.BUY, OrderType.LIMIT, "1", "1", 0)))
                .message()).contains("neither Coin, a contract's shares nor an option series");
    }

    @Test
    void markPriceFallsBackFromLastTradeToMidToTheDirectSalePrice() { // covers: M2, M5
        assertThat(Market.markPrice(h.state, h.params, share)).isEqualTo(Amount.ONE);
        h.one(h.sign(alice, limit(Side.SELL, "3", "1")));
        h.one(h.sign(bob, limit(Side.BUY, "2", "1")));
        assertThat(Market.markPrice(h.state, h.params, share)).isEqualTo(Amount.parse("2.5"));
        h.one(h.sign(bob, order(share, Side.BUY, OrderType.IMMEDIATE_OR_CANCEL, "3", "1", 0)));
        assertThat(Market.markPrice(h.state, h.params, share)).isEqualTo(Amount.ofWhole(3));
    }

    @Test
    void sharesSwapOnTheirOwnBookAndAContractPaysWithItsOwnShares() { // covers: M3
        Address other = h.create(h.user(3), Amount.ofWhole(1000), Amount.ONE, 0, 0);
        TokenId a = fund.compareTo(other) < 0 ? share : TokenId.shareOf(other);
        TokenId b = a.equals(share) ? TokenId.shareOf(other) : share;
        Address aContract = a.contract();
        Address bContract = b.contract();
        h.one(h.sign(alice, buy(aContract, Amount.ofWhole(10), Amount.ONE)));
        // alice offers 10 A for B at 1.5 B each
        h.one(h.sign(alice, new Payloads.PlaceOrder(a, b, Side.SELL, OrderType.LIMIT, Amount.parse("1.5"),
                Amount.ofWhole(10), 0)));
        assertThat(h.one(h.sign(alice, new Payloads.PlaceOrder(b, a, Side.SELL, OrderType.LIMIT, Amount.ONE,
                Amount.ONE, 0))).message()).contains("lower token first");
        // contract B buys 4 A paying 6 of its own treasury shares (M3)
        Receipt r = h.one(h.act(bContract, new Payloads.PlaceOrder(a, b, Side.BUY, OrderType.IMMEDIATE_OR_CANCEL,
                Amount.parse("1.5"), Amount.ofWhole(4), 0)));
        assertThat(r.applied()).as(r.message()).isTrue();
        assertThat(LedgerState.balance(h.state, bContract, a)).isEqualTo(Amount.parse("3.996"));
        assertThat(LedgerState.balance(h.state, alice.address(), b)).isEqualTo(Amount.parse("5.994"));
        assertThat(LedgerState.lots(h.state, bContract, a)).extracting(Lot::quantity)
                .containsExactly(Amount.parse("3.996"));
    }
}
