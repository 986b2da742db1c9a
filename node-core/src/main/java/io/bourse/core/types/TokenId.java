package io.bourse.core.types;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;

/**
 * A Network Token names the contract it comes from (N1). Coin is the Coin Contract's token; every
 * other token is a share of the contract at {@link #contract()}.
 */
public record TokenId(Address contract) implements Comparable<TokenId> {
    /** The Coin Contract's address: fixed by protocol, owned by no key. */
    public static final Address COIN_CONTRACT = Address.derived("bourse/coin-contract", new byte[0]);
    public static final TokenId COIN = new TokenId(COIN_CONTRACT);

    public TokenId {
        if (contract == null) {
            throw new IllegalArgumentException("a token names its contract");
        }
    }

    public static TokenId shareOf(Address contract) {
        return new TokenId(contract);
    }

    public boolean isCoin() {
        return contract.equals(COIN_CONTRACT);
    }

    /** "coin" or the contract's address text. */
    public String text() {
        return isCoin() ? "coin" : contract.text();
    }

    public static TokenId parse(String text) {
        if ("coin".equalsIgnoreCase(text)) {
            return COIN;
        }
        return new TokenId(Address.parse(text));
    }

    public void encode(Writer w) {
        contract.encode(w);
    }

    public static TokenId decode(Reader r, String what) {
        return new TokenId(Address.decode(r, what));
    }

    @Override
    public int compareTo(TokenId o) {
        return contract.compareTo(o.contract);
    }

    @Override
    public String toString() {
        return text();
    }
}
