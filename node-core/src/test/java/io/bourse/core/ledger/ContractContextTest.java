package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import org.junit.jupiter.api.Test;

/** What a contract sees as ctx is read from the state, documented (docs/contracts.md), and the same bytes every time. */
// covers: K6
class ContractContextTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair manager = h.user(3);
    final Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
    final Address target = h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0);

    @Test
    void theContextShowsTheBlockTheContractItsHoldingsOrdersTheMarketAndTheRules() throws Exception {
        h.one(h.sign(h.user(0), pay(fund, Amount.ofWhole(50))));
        h.one(h.act(fund, buy(target, Amount.ofWhole(40), Amount.ONE)));
        long boughtAt = h.time;
        h.one(h.act(fund, new Payloads.PlaceOrder(TokenId.shareOf(target), TokenId.COIN, Side.BUY, OrderType.LIMIT,
                Amount.parse("0.9"), Amount.parse("5"), 0)));
        Hash block = Hash.of(new byte[] {5});
        String text = ContractContext.json(h.state, h.params, fund, h.height, h.time, block);
        assertThat(ContractContext.json(h.state, h.params, fund, h.height, h.time, block)).isEqualTo(text);

        JsonNode ctx = new ObjectMapper().readTree(text);
        assertThat(ctx.path("block").path("height").asLong()).isEqualTo(h.height);
        assertThat(ctx.path("block").path("hash").asText()).isEqualTo(block.hex());
        JsonNode self = ctx.path("contract");
        assertThat(self.path("address").asText()).isEqualTo(fund.text());
        assertThat(self.path("status").asText()).isEqualTo("active");
        assertThat(self.path("shares").asText()).isEqualTo("100");
        assertThat(self.path("coin").asText()).isEqualTo(h.coin(fund).toPlainString());
        assertThat(self.path("coinReserved").asText()).as("the open buy ties up Coin")
                .isEqualTo(LedgerState.reserved(h.state, fund, TokenId.COIN).toPlainString()).isNotEqualTo("0");
        JsonNode holding = self.path("holdings").get(0);
        assertThat(self.path("holdings")).hasSize(1);
        assertThat(holding.path("token").asText()).isEqualTo(TokenId.shareOf(target).text());
        assertThat(holding.path("amount").asText()).isEqualTo("40");
        assertThat(holding.path("lots").get(0).path("acquiredAt").asLong()).isEqualTo(boughtAt);
        JsonNode order = self.path("openOrders").get(0);
        assertThat(order.path("market").asText()).isEqualTo(TokenId.shareOf(target).text() + "-coin");
        assertThat(order.path("side").asText()).isEqualTo("buy");
        assertThat(order.path("price").asText()).isEqualTo("0.9");
        assertThat(order.path("remaining").asText()).isEqualTo("5");
        assertThat(ctx.path("market").path("contracts")).hasSize(2);
        assertThat(ctx.path("params").path("minimumHoldMillis").asLong())
                .isEqualTo(h.params.contractMinimumShareHoldTimeSeconds() * 1000);
        assertThat(ctx.path("params").path("minimumInvestedRatio").asText()).doesNotContain("E");
    }
}
