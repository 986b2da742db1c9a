package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.ledger.CoinContract;
import io.bourse.core.ledger.CoinStatus;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Mempool;
import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The API's reads of the committed state: accounts, contracts, Coin supply. Each read runs under
 * the chain's lock ({@link Chain#readState}), so it sees one block's state, and says at which height.
 */
final class LedgerViews {
    /** Holders listed in a contract view; the count is always given. */
    static final int MAX_HOLDERS_SHOWN = 1_000;
    static final int MAX_CONTRACTS_PAGE = 1_000;

    private final Chain chain;
    private final Mempool mempool;

    LedgerViews(Chain chain, Mempool mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    /**
     * Every non-zero balance, the next nonce the ledger expects ({@code nextNonce}) and the next one
     * to sign after this node's pending commitments of the account ({@code pendingNonce}).
     */
    ObjectNode account(String addressText) {
        Address a = Params.address(addressText, "address");
        return chain.readState(s -> {
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("address", a.text());
            o.put("height", chain.height());
            long next = LedgerState.nonce(s, a);
            o.put("nextNonce", next);
            o.put("pendingNonce", mempool.pendingNonce(a, s));
            SortedMap<TokenId, Amount> holdings = LedgerState.holdings(s, a);
            o.put("coin", holdings.getOrDefault(TokenId.COIN, Amount.ZERO).toPlainString());
            ObjectNode balances = o.putObject("balances");
            balances.put("coin", holdings.getOrDefault(TokenId.COIN, Amount.ZERO).toPlainString());
            holdings.forEach((t, amt) -> balances.put(t.text(), amt.toPlainString()));
            o.put("isContract", LedgerState.contract(s, a).isPresent());
            return o;
        });
    }

    /** Every contract, by address; {@code ?after=ADDRESS&limit=N} pages through them. */
    ObjectNode contracts(HttpRequest req) {
        int limit = Params.nonNegativeInt(req, "limit", 100);
        if (limit == 0 || limit > MAX_CONTRACTS_PAGE) {
            throw new ApiError(400, "bad query parameter", "limit", "1 to " + MAX_CONTRACTS_PAGE);
        }
        Address after = Params.query(req, "after").map(t -> Params.address(t, "after")).orElse(null);
        return chain.readState(s -> {
            NetworkParameters p = chain.parameters();
            List<ContractRecord> all = LedgerState.contracts(s);
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("height", chain.height());
            o.put("total", all.size());
            ArrayNode items = o.putArray("contracts");
            for (ContractRecord c : all) {
                if (after != null && c.address().compareTo(after) <= 0) {
                    continue;
                }
                if (items.size() == limit) {
                    o.put("next", items.get(items.size() - 1).get("address").asText());
                    break;
                }
                items.add(summary(s, c, p));
            }
            return o;
        });
    }

    private static ObjectNode summary(StateReader s, ContractRecord c, NetworkParameters p) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("address", c.address().text());
        o.put("name", c.name());
        o.put("status", c.status().toString());
        o.put("manager", c.manager().address().text());
        o.put("shares", c.shares().toPlainString());
        o.put("price", LedgerState.directSalePrice(c, p).toPlainString());
        o.put("treasury", LedgerState.balance(s, c.address(), c.token()).toPlainString());
        return o;
    }

    /** One contract: its record, the shares it still holds, its holdings, its holders and its last fee. */
    ObjectNode contract(String addressText) {
        Address a = Params.address(addressText, "address");
        return chain.readState(s -> {
            ContractRecord c = LedgerState.contract(s, a).orElseThrow(() -> new ApiError(404, "unknown contract",
                    "address", "no contract at " + a.text()));
            NetworkParameters p = chain.parameters();
            ObjectNode o = summary(s, c, p);
            o.put("height", chain.height());
            o.put("managerKey", c.manager().hex());
            o.put("directSalePrice", c.directSalePrice().toPlainString());
            o.put("managerFeePpm", c.managerFeePpm());
            o.put("creationId", c.creationId().hex());
            o.put("codeHash", c.codeHash().hex());
            CreationViews.ofContract(s, a, c.creationId()).ifPresent(x -> o.set("sealed", x));
            o.put("createdAt", c.createdAtMillis());
            o.put("nextFeeAt", c.nextFeeAtMillis());
            if (c.closingSinceHeight() >= 0) {
                o.put("closingSinceHeight", c.closingSinceHeight());
            }
            o.put("config", c.configJson());
            o.put("lastExecutedHeight", LedgerState.lastExecutedHeight(s, a));
            ObjectNode holdings = o.putObject("holdings");
            LedgerState.holdings(s, a).forEach((t, amt) -> holdings.put(t.text(), amt.toPlainString()));
            SortedMap<Address, Amount> holders = LedgerState.holders(s, c.token());
            o.put("holderCount", holders.size());
            ObjectNode shown = o.putObject("holders");
            holders.entrySet().stream().limit(MAX_HOLDERS_SHOWN)
                    .forEach((Map.Entry<Address, Amount> e) -> shown.put(e.getKey().text(), e.getValue().toPlainString()));
            LedgerState.lastFee(s, a).ifPresent(f -> o.set("lastFee", JsonViews.value(f)));
            return o;
        });
    }

    /** K1: a contract's code is public: served as JavaScript text, exactly as its creation carried it. */
    HttpResponse code(String addressText) {
        Address a = Params.address(addressText, "address");
        String code = chain.readState(s -> LedgerState.contractCode(s, a)).orElseThrow(() -> new ApiError(404,
                "unknown contract", "address", "no contract at " + a.text()));
        return new HttpResponse(200, "text/javascript; charset=utf-8", code.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * N2, N3, N6: the Coin Contract as the chain shows it beside the operator's statements: supply,
     * the accepted currencies and their fresh median rates, payouts pending and paid (the oldest
     * pending listed), the latest reserve report, and the flags where the two disagree.
     */
    ObjectNode supply() {
        return chain.readState(s -> {
            CoinStatus cs = LedgerState.coinStatus(s);
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("height", cs.height());
            o.put("minted", cs.minted().toPlainString());
            o.put("burned", cs.burned().toPlainString());
            o.put("circulating", cs.circulating().toPlainString());
            cs.acceptedCurrencies().forEach(o.putArray("acceptedCurrencies")::add);
            ArrayNode rates = o.putArray("rates");
            for (CoinStatus.CurrencyRate r : cs.rates()) {
                ObjectNode x = rates.addObject();
                x.put("currency", r.currency());
                x.put("freshSources", r.freshSources());
                if (r.median().isPresent()) {
                    x.put("median", Amount.ofUnits(r.median().getAsLong()).toPlainString());
                    x.put("medianUnits", r.median().getAsLong());
                } else {
                    x.putNull("median");
                }
            }
            CoinContract.PayoutTotals t = cs.payouts();
            ObjectNode payouts = o.putObject("payouts");
            payouts.put("pendingCount", t.pendingCount());
            payouts.put("pendingCoin", t.pendingCoin().toPlainString());
            payouts.put("paidCount", t.paidCount());
            payouts.put("paidCoin", t.paidCoin().toPlainString());
            payouts.put("mismatchedCount", t.mismatchedCount());
            ArrayNode pending = payouts.putArray("oldestPending");
            cs.pendingOldest().forEach(r -> pending.add(redemption(r)));
            if (cs.latestReport().isPresent()) {
                o.set("latestReport", JsonViews.record(cs.latestReport().get()));
            } else {
                o.putNull("latestReport");
            }
            ArrayNode flags = o.putArray("flags");
            cs.flags().forEach(f -> flags.addObject().put("code", f.code()).put("message", f.message()));
            return o;
        });
    }

    /** N3: one redemption: what was burned, where the redeemer asked to be paid, and the operator's payout record. */
    ObjectNode redemption(String idText) {
        Hash id = Params.hash(idText, "id");
        return chain.readState(s -> CoinContract.redemption(s, id)).map(LedgerViews::redemption).orElseThrow(() ->
                new ApiError(404, "unknown redemption", "id", "no redemption " + id.hex()));
    }

    static ObjectNode redemption(CoinContract.Redemption r) {
        ObjectNode o = JsonViews.record(r);
        o.set("expectedPayout", JsonViews.value(r.expectedPayout()));
        o.put("mismatched", r.mismatched());
        return o;
    }
}
