package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static io.bourse.node.api.ApiTest.assertErrorShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.OptionSeries;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.p2p.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exchange's reads over a chain in memory: a limit sell met by a crossing buy shows in the
 * trades, the book, the candles and the market summary; open orders and single orders; an option
 * series in the list and in detail; share/share naming. // covers: O2, M2, M3, M4
 */
class MarketApiTest {
    static final String CODE = "export function onBlock(ctx) { return []; }\n";
    static ApiHarness h;
    static Address contract;
    static Address other;
    static String market;
    static Commitment sell;
    static Commitment bid;
    static long tradeHeight;
    static long tradeTime;
    static Hash series;

    @BeforeAll
    static void aTradeARestingBidAndAnOption() {
        h = new ApiHarness(false);
        h.finalizeBlock();
        contract = create("fund");
        other = create("other");
        market = "/v1/markets/" + contract.text() + "-coin";
        TokenId shares = TokenId.shareOf(contract);
        h.submit(h.investor, new Payloads.BuyFromContract(contract, Amount.ofWhole(10), Amount.ofWhole(2)));
        h.finalizeBlock();
        sell = h.submit(h.investor, new Payloads.PlaceOrder(shares, TokenId.COIN, Payloads.Side.SELL,
                Payloads.OrderType.LIMIT, Amount.parse("2.5"), Amount.ofWhole(4), 0));
        h.finalizeBlock();
        h.submit(h.trader, new Payloads.PlaceOrder(shares, TokenId.COIN, Payloads.Side.BUY, Payloads.OrderType.LIMIT,
                Amount.ofWhole(3), Amount.ofWhole(3), 0));
        bid = h.submit(h.trader, new Payloads.PlaceOrder(shares, TokenId.COIN, Payloads.Side.BUY,
                Payloads.OrderType.LIMIT, Amount.parse("1.5"), Amount.ofWhole(2), 0));
        var b = h.finalizeBlock();
        tradeHeight = b.height();
        tradeTime = b.header().timestamp().millis();
        h.submit(h.investor, new Payloads.OptionWrite(contract, Payloads.OptionType.CALL, Amount.ofWhole(3), 10_000,
                Amount.ofWhole(2)));
        h.finalizeBlock();
        series = OptionSeries.idOf(contract, Payloads.OptionType.CALL, Amount.ofWhole(3).units(), 10_000);
    }

    /** Every answer these tests got, as docs/api.yaml documents it. */
    @org.junit.jupiter.api.AfterAll
    static void everyAnswerGivenMatchesTheDocument() {
        assertThat(h.seen).isNotEmpty();
        assertThat(ApiSpec.problems(h.seen)).as("answers against docs/api.yaml").isEmpty();
    }

    static Address create(String name) {
        Commitment c = h.submit(h.signer, new Payloads.ContractCreation(name, h.generator.publicKey(), CODE, new byte[0],
                "", Amount.ofWhole(1_000), Amount.ofWhole(2), 100_000, 5_000, "{}"));
        h.finalizeBlock();
        return LedgerState.contractAddress(c.id());
    }

    @Test
    void aCrossingBuyTradesAtTheRestingPriceAndShowsInTrades() {
        JsonNode t = json(h.get(market + "/trades"));
        assertThat(t.get("market").asText()).isEqualTo(contract.text() + "-coin");
        assertThat(t.get("trades")).hasSize(1);
        JsonNode trade = t.get("trades").get(0);
        assertThat(trade.get("price").asText()).isEqualTo("2.5");
        assertThat(trade.get("quantity").asText()).isEqualTo("3");
        assertThat(trade.get("value").asText()).isEqualTo("7.5");
        assertThat(trade.get("takerSide").asText()).isEqualTo("buy");
        assertThat(trade.get("height").asLong()).isEqualTo(tradeHeight);
        assertThat(trade.get("timestamp").asLong()).isEqualTo(tradeTime);
    }

    @Test
    void theBookShowsWhatRestsBestFirstAndTheSummaryItsEdges() {
        JsonNode b = json(h.get(market + "/book?levels=5"));
        assertThat(b.get("levels").asInt()).isEqualTo(5);
        assertThat(b.at("/bids/0/price").asText()).isEqualTo("1.5");
        assertThat(b.at("/bids/0/quantity").asText()).isEqualTo("2");
        assertThat(b.at("/bids/0/orders").asInt()).isEqualTo(1);
        assertThat(b.at("/asks/0/price").asText()).isEqualTo("2.5");
        assertThat(b.at("/asks/0/quantity").asText()).isEqualTo("1");
        assertThat(b.get("bids")).hasSize(1);
        assertThat(b.get("asks")).hasSize(1);
        JsonNode m = json(h.get("/v1/markets/" + contract.text())); // BASE alone is BASE-coin
        assertThat(m.get("market").asText()).isEqualTo(contract.text() + "-coin");
        assertThat(m.get("lastPrice").asText()).isEqualTo("2.5");
        assertThat(m.get("lastTradeHeight").asLong()).isEqualTo(tradeHeight);
        assertThat(m.get("bestBid").asText()).isEqualTo("1.5");
        assertThat(m.get("bestAsk").asText()).isEqualTo("2.5");
        assertThat(m.get("trades").asLong()).isEqualTo(1);
        assertThat(m.get("markPrice").asText()).isEqualTo("2.5");
    }

    @Test
    void candlesAggregateTradesByBlockTime() {
        JsonNode c = json(h.get(market + "/candles"));
        assertThat(c.get("period").asLong()).isEqualTo(60_000);
        assertThat(c.get("truncated").asBoolean()).isFalse();
        assertThat(c.get("candles")).hasSize(1);
        JsonNode k = c.get("candles").get(0);
        assertThat(k.get("start").asLong()).isEqualTo(tradeTime - Math.floorMod(tradeTime, 60_000L));
        for (String f : new String[] {"open", "high", "low", "close"}) {
            assertThat(k.get(f).asText()).as(f).isEqualTo("2.5");
        }
        assertThat(k.get("baseVolume").asText()).isEqualTo("3");
        assertThat(k.get("quoteVolume").asText()).isEqualTo("7.5");
        assertThat(k.get("trades").asLong()).isEqualTo(1);
        JsonNode hourly = json(h.get(market + "/candles?period=1h"));
        assertThat(hourly.at("/candles/0/start").asLong() % 3_600_000).isZero();
        assertThat(hourly.get("period").asLong()).isEqualTo(3_600_000);
        assertThat(json(h.get(market + "/candles?from=" + (tradeTime + 60_000))).get("candles")).isEmpty();
        String iso = java.time.Instant.ofEpochMilli(tradeTime - 3_600_000).toString();
        assertThat(json(h.get(market + "/candles?from=" + iso + "&period=60000")).get("candles")).hasSize(1);
    }

    @Test
    void openOrdersAndOneOrderShowRemainingAndReserved() {
        JsonNode open = json(h.get("/v1/accounts/" + h.investor.address().text() + "/orders"));
        assertThat(open.get("orders")).hasSize(1);
        JsonNode o = open.get("orders").get(0);
        assertThat(o.get("id").asText()).isEqualTo(sell.id().hex());
        assertThat(o.get("side").asText()).isEqualTo("sell");
        assertThat(o.get("quantity").asText()).isEqualTo("4");
        assertThat(o.get("remaining").asText()).isEqualTo("1");
        assertThat(o.get("filled").asText()).isEqualTo("3");
        assertThat(o.get("reserved").asText()).isEqualTo("1");
        assertThat(o.get("reservedToken").asText()).isEqualTo(contract.text());
        JsonNode one = json(h.get("/v1/orders/" + bid.id().hex()));
        assertThat(one.get("owner").asText()).isEqualTo(h.trader.address().text());
        assertThat(one.get("reserved").asText()).isEqualTo("3"); // 1.5 × 2 of Coin
        assertThat(one.get("reservedToken").asText()).isEqualTo("coin");
        assertThat(json(h.get("/v1/accounts/" + h.signer.address().text() + "/orders")).get("orders")).isEmpty();
    }

    @Test
    void anOptionSeriesIsListedAndShownWithItsOpenInterestAndPool() {
        JsonNode list = json(h.get("/v1/options"));
        assertThat(list.get("total").asInt()).isEqualTo(1);
        assertThat(list.at("/series/0/id").asText()).isEqualTo(series.hex());
        assertThat(json(h.get("/v1/options?underlying=" + other.text())).get("total").asInt()).isZero();
        assertThat(json(h.get("/v1/options?settled=true")).get("total").asInt()).isZero();
        assertThat(json(h.get("/v1/options?after=" + series.hex())).get("series")).isEmpty();
        JsonNode s = json(h.get("/v1/options/" + series.hex()));
        assertThat(s.get("type").asText()).isEqualTo("call");
        assertThat(s.get("strike").asText()).isEqualTo("3");
        assertThat(s.get("expiryHeight").asLong()).isEqualTo(10_000);
        assertThat(s.get("written").asText()).isEqualTo("2");
        assertThat(s.get("openInterest").asText()).isEqualTo("2");
        assertThat(s.get("settled").asBoolean()).isFalse();
        assertThat(s.at("/poolHoldings/" + contract.text()).asText()).isEqualTo("2");
        assertThat(s.at("/holders/" + h.investor.address().text()).asText()).isEqualTo("2");
        assertThat(s.get("underlyingMarkPrice").asText()).isEqualTo("2.5");
        String token = s.get("token").asText();
        assertThat(json(h.get("/v1/options/" + token)).get("id").asText()).isEqualTo(series.hex());
        JsonNode optionMarket = json(h.get("/v1/markets/" + s.get("market").asText()));
        assertThat(optionMarket.get("base").asText()).isEqualTo(token);
        assertThat(optionMarket.get("lastPrice").isNull()).isTrue();
        assertThat(optionMarket.get("markPrice").asText()).isEqualTo("0");
    }

    @Test
    void aShareSwapBookIsNamedLowerAddressFirst() {
        String lo = contract.compareTo(other) < 0 ? contract.text() : other.text();
        String hi = contract.compareTo(other) < 0 ? other.text() : contract.text();
        JsonNode ok = json(h.get("/v1/markets/" + lo + "-" + hi + "/book"));
        assertThat(ok.get("quote").asText()).isEqualTo(hi);
        assertThat(ok.get("bids")).isEmpty();
        HttpResponse wrong = h.get("/v1/markets/" + hi + "-" + lo + "/book");
        assertThat(wrong.status()).isEqualTo(400);
        assertErrorShape(wrong, "market");
        assertThat(json(wrong).get("reason").asText()).contains(lo + "-" + hi);
        HttpResponse coinFirst = h.get("/v1/markets/coin-" + lo);
        assertThat(json(coinFirst).get("reason").asText()).contains(lo + "-coin");
    }

    @Test
    void aCancelledOrderNoLongerRests() {
        Commitment extra = h.submit(h.trader, new Payloads.PlaceOrder(TokenId.shareOf(other), TokenId.COIN,
                Payloads.Side.BUY, Payloads.OrderType.LIMIT, Amount.ONE, Amount.ONE, 0));
        h.finalizeBlock();
        assertThat(h.get("/v1/orders/" + extra.id().hex()).status()).isEqualTo(200);
        h.submit(h.trader, new Payloads.CancelOrder(extra.id()));
        h.finalizeBlock();
        HttpResponse gone = h.get("/v1/orders/" + extra.id().hex());
        assertThat(gone.status()).isEqualTo(404);
        assertErrorShape(gone, "id");
        assertThat(json(h.get("/v1/markets/" + other.text() + "/book")).get("bids")).isEmpty();
    }
}
