package io.bourse.node.api;

import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Market;
import io.bourse.core.market.MarketRules;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.TokenId;
import java.util.List;

/**
 * A book as the API names it: {@code BASE-QUOTE}, each side {@code coin} or a token's address text
 * (a contract's shares or an option series' token), e.g. {@code bx12…-coin}; {@code BASE} alone
 * means {@code BASE-coin}. The name follows the ledger's book rule ({@link MarketRules#bookOf}): Coin
 * is always the quote, and a share/share book is named lower address first. A name breaking it is
 * a 400 whose reason gives the right name.
 */
record MarketName(TokenId base, TokenId quote) {
    static final int MAX_TEXT = 200;

    static MarketName parse(String text) {
        if (text.length() > MAX_TEXT) {
            throw bad(text, "BASE-QUOTE expected: each 'coin' or a token address");
        }
        int dash = text.indexOf('-');
        TokenId base = token(dash < 0 ? text : text.substring(0, dash), text);
        TokenId quote = dash < 0 ? TokenId.COIN : token(text.substring(dash + 1), text);
        if (base.equals(quote)) {
            throw bad(text, "a market is between two different tokens");
        }
        List<TokenId> book = MarketRules.bookOf(base, quote); // the ledger's naming rule
        if (!book.get(0).equals(base)) {
            String right = new MarketName(book.get(0), book.get(1)).text();
            throw bad(text, base.isCoin() ? "Coin is always the quote: use " + right
                    : "a share/share book is named lower address first: use " + right);
        }
        return new MarketName(base, quote);
    }

    /** Parses, then requires both tokens to exist: Coin, a contract (any state) or an option series; else 404. */
    static MarketName known(String text, StateReader s) {
        MarketName m = parse(text);
        for (TokenId t : new TokenId[] {m.base, m.quote}) {
            if (!t.isCoin() && LedgerState.contract(s, t.contract()).isEmpty() && Market.series(s, t).isEmpty()) {
                throw new ApiError(404, "unknown token", "market", "no contract or option series at " + t.text());
            }
        }
        return m;
    }

    String text() {
        return base.text() + "-" + quote.text();
    }

    /** "coin" exactly, or an address in its text form with lower-case hex digits. */
    private static TokenId token(String part, String whole) {
        if (part.equals("coin")) {
            return TokenId.COIN;
        }
        if (part.startsWith(Address.PREFIX) && !Params.isLowerHex(part.substring(Address.PREFIX.length()))) {
            throw bad(whole, "BASE-QUOTE expected, each 'coin' or a token address ('" + Address.PREFIX
                    + "' then lower-case hex digits 0-9a-f)");
        }
        try {
            return TokenId.shareOf(Address.parse(part)); // not TokenId.parse: it takes any case of "coin"
        } catch (IllegalArgumentException e) {
            throw bad(whole, "BASE-QUOTE expected, each 'coin' or a token address (" + e.getMessage() + ")");
        }
    }

    private static ApiError bad(String text, String reason) {
        return new ApiError(400, "bad market '" + Params.shorten(text) + "'", "market", reason);
    }
}
