package io.bourse.core.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The data a contract's call sees as {@code ctx} (docs/contracts.md), read from the state after
 * the block the call is computed on. A pure function of (state, parameters, contract, block):
 * every execution server builds the same bytes, and so does anyone who re-executes the call. The
 * contract's storage is not here; the sandbox passes it separately.
 */
public final class ContractContext {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractContext() {
    }

    /** {@code {"block":…,"contract":…,"market":…,"params":…}} as compact JSON, members in a fixed order. */
    public static String json(StateReader s, NetworkParameters p, Address contract, long height, long timestampMillis,
                              Hash blockHash) {
        return forBlock(s, p, height, timestampMillis, blockHash).json(s, contract);
    }

    /**
     * The parts of ctx that are the same for every contract on one block — the block, the market,
     * the parameters — built once; {@link Shared#json} adds each contract's own part. An execution
     * server running many contracts on a block builds the shared part once.
     */
    public static Shared forBlock(StateReader s, NetworkParameters p, long height, long timestampMillis, Hash blockHash) {
        ObjectNode block = JSON.createObjectNode().put("height", height).put("timestamp", timestampMillis)
                .put("hash", blockHash.hex());
        ObjectNode market = JSON.createObjectNode();
        ArrayNode all = market.putArray("contracts");
        for (ContractRecord c : LedgerState.contracts(s)) {
            MarketRecord m = Market.record(s, c.token(), io.bourse.core.types.TokenId.COIN);
            ObjectNode x = all.addObject().put("address", c.address().text()).put("status", status(c))
                    .put("shares", c.shares().toPlainString())
                    .put("price", LedgerState.directSalePrice(c, p).toPlainString())
                    .put("mark", Market.markPrice(s, p, c.token()).toPlainString());
            // the top of its book against Coin: null where there is no bid, ask or trade yet
            price(x, "bid", m.bestBid());
            price(x, "ask", m.bestAsk());
            price(x, "last", m.lastPrice());
            x.put("lastTradeHeight", m.lastTradeHeight());
        }
        ObjectNode params = JSON.createObjectNode()
                .put("minimumHoldMillis", p.contractMinimumShareHoldTimeSeconds() * 1000)
                .put("maximumHoldMillis", p.contractMaximumShareHoldTimeSeconds() * 1000)
                .put("minimumInvestedRatio", fraction(p.contractMinimumInvestedRatioPpm()))
                .put("minimumSharePrice", p.contractMinimumSharePrice().toPlainString())
                .put("exchangeFee", fraction(p.exchangeFeePpm()))
                .put("statementBudget", p.contractStatementBudget());
        return new Shared(p, block.toString(), market.toString(), params.toString());
    }

    private static void price(ObjectNode o, String name, long units) {
        if (units > 0) {
            o.put(name, Amount.ofUnits(units).toPlainString());
        } else {
            o.putNull(name);
        }
    }

    /**
     * The shared parts of ctx for one block as JSON text, and each contract's own part. An
     * execution server hands the shared part to its sandbox once per block ({@link #blockJson});
     * {@link #json} is the whole ctx of one contract, as one document.
     */
    public static final class Shared {
        private final NetworkParameters p;
        private final String block;
        private final String market;
        private final String params;

        Shared(NetworkParameters p, String block, String market, String params) {
            this.p = p;
            this.block = block;
            this.market = market;
            this.params = params;
        }

        /** {@code {"block":…,"market":…,"params":…}}: what every contract's ctx shares on this block. */
        public String blockJson() {
            return "{\"block\":" + block + ",\"market\":" + market + ",\"params\":" + params + "}";
        }

        /** {@code self}'s own part of ctx ({@code ctx.contract}) as a JSON object, read from {@code s}. */
        public String contractJson(StateReader s, ContractRecord self) {
            ObjectNode own = JSON.createObjectNode();
            ContractContext.contract(own, s, p, self);
            return own.toString();
        }

        /** The whole ctx of {@code contract}: the shared parts and its own. */
        public String json(StateReader s, Address contract) {
            ContractRecord self = LedgerState.contract(s, contract)
                    .orElseThrow(() -> new IllegalArgumentException("no contract at " + contract));
            return "{\"block\":" + block + ",\"contract\":" + contractJson(s, self) + ",\"market\":" + market
                    + ",\"params\":" + params + "}";
        }
    }

    private static void contract(ObjectNode o, StateReader s, NetworkParameters p, ContractRecord self) {
        Address a = self.address();
        o.put("address", a.text()).put("status", status(self)).put("shares", self.shares().toPlainString())
                .put("treasury", LedgerState.balance(s, a, self.token()).toPlainString())
                .put("price", LedgerState.directSalePrice(self, p).toPlainString())
                .put("coin", LedgerState.balance(s, a, TokenId.COIN).toPlainString())
                .put("coinReserved", LedgerState.reserved(s, a, TokenId.COIN).toPlainString());
        ArrayNode holdings = o.putArray("holdings");
        for (Map.Entry<TokenId, Amount> h : LedgerState.holdings(s, a).entrySet()) {
            TokenId token = h.getKey();
            if (token.isCoin() || token.equals(self.token())) {
                continue;
            }
            ObjectNode x = holdings.addObject().put("token", token.text()).put("amount", h.getValue().toPlainString())
                    .put("reserved", LedgerState.reserved(s, a, token).toPlainString());
            ArrayNode lots = x.putArray("lots");
            for (Lot lot : LedgerState.lots(s, a, token)) {
                lots.addObject().put("amount", lot.quantity().toPlainString()).put("acquiredAt", lot.acquiredAtMillis());
            }
        }
        ArrayNode orders = o.putArray("openOrders");
        for (RestingOrder r : Market.openOrders(s, a)) {
            orders.addObject().put("id", r.id().hex()).put("market", r.base().text() + "-" + r.quote().text())
                    .put("side", r.buy() ? "buy" : "sell").put("price", Amount.ofUnits(r.price()).toPlainString())
                    .put("remaining", Amount.ofUnits(r.remaining()).toPlainString());
        }
    }

    private static String status(ContractRecord c) {
        return c.status().name().toLowerCase(Locale.ROOT);
    }

    private static String fraction(long ppm) {
        return BigDecimal.valueOf(ppm, 6).stripTrailingZeros().toPlainString();
    }
}
