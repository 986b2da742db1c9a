package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.WireCode;
import io.bourse.core.codec.Writer;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The receipts of what the ledger does to a contract on its own, with no commitment asking for it
 * (K5, K9): sales at market past the maximum hold time and in a forced liquidation, dust returned,
 * the invested-ratio warning and restriction, the Repurchase. A commitment's receipt lives with its
 * block; these live in the state, per contract, so every node keeps the same ones and anyone can
 * check them. The last {@link #LOG_SIZE} are kept.
 *
 * <pre>
 *   0x34 | contract | u64 n → entry n: i64 height | u8 kind | token (20) | i64 quantity | i64 coin | string note
 *   0x35 | contract         → u64: how many entries the contract has had
 * </pre>
 */
public final class LedgerActions {
    /** Entries kept per contract. */
    public static final int LOG_SIZE = 64;
    /** The longest note an entry keeps, in characters. */
    public static final int MAX_NOTE = 512;

    private LedgerActions() {
    }

    /** What the ledger did; a {@code u8} in the log, never reused. */
    public enum Kind implements WireCode {
        /** K9: shares held past contractMaximumShareHoldTime offered at market (quantity offered; coin received). */
        HOLD_TIME_SALE(1),
        /** K5: a forced liquidation's sale at market (quantity offered; coin received). */
        LIQUIDATION_SALE(2),
        /** K5, K9: a remainder below one lot, which cannot trade, given back (the note says to whom). */
        DUST_RETURNED(3),
        /** K9: a check found the contract below contractMinimumInvestedRatio past its grace period. */
        BELOW_INVESTED_RATIO(4),
        /** K9: a second check in a row found it below: the ledger restricted it. */
        RESTRICTED(5),
        /** K5: the Repurchase (coin paid out to holders; quantity of shares taken back). */
        REPURCHASED(6),
        /** K5: Coin of a contract with no outstanding shares paid to its manager at the Repurchase. */
        RESIDUAL_COIN(7);

        private static final Kind[] ALL = values();
        private final int code;

        Kind(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        public static Kind fromCode(int code) {
            return WireCode.fromCode(ALL, code, "ledger action kind");
        }
    }

    /**
     * One thing the ledger did at block {@code height}.
     *
     * @param quantity units of {@code token}: offered, returned or taken back (zero for the ratio entries)
     * @param coin     Coin received (sales) or paid (Repurchase, residual Coin)
     */
    public record Entry(long height, Kind kind, TokenId token, Amount quantity, Amount coin, String note) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(coin, "coin");
            note = note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE - 1) + "…";
        }

        byte[] toBytes() {
            Writer w = new Writer(64 + note.length()).i64(height).u8(kind.code());
            token.contract().encode(w);
            return w.i64(quantity.units()).i64(coin.units()).string(note).toByteArray();
        }

        static Entry fromBytes(byte[] b) {
            return Reader.decodeAll(b, "ledger action", r -> new Entry(r.i64("height"), Kind.fromCode(r.u8("kind")),
                    TokenId.shareOf(Address.decode(r, "token")), Amount.decode(r, "quantity"), Amount.decode(r, "coin"),
                    r.string(MAX_NOTE * 4, "note")));
        }
    }

    /** How many entries {@code contract} has had (the log keeps the last {@link #LOG_SIZE}). */
    public static long count(StateReader s, Address contract) {
        return s.get(StateKeys.ledgerActionCount(contract)).map(b -> new Reader(b).i64("count")).orElse(0L);
    }

    /** The kept entries of {@code contract}, oldest first. */
    public static List<Entry> log(StateReader s, Address contract) {
        long n = count(s, contract);
        List<Entry> out = new ArrayList<>();
        for (long i = Math.max(0, n - LOG_SIZE); i < n; i++) {
            s.get(StateKeys.ledgerAction(contract, i)).map(Entry::fromBytes).ifPresent(out::add);
        }
        return out;
    }

    static void append(StateOverlay s, Address contract, Entry e) {
        long n = count(s, contract);
        s.put(StateKeys.ledgerAction(contract, n), e.toBytes());
        if (n >= LOG_SIZE) {
            s.delete(StateKeys.ledgerAction(contract, n - LOG_SIZE));
        }
        s.put(StateKeys.ledgerActionCount(contract), StateKeys.u64(n + 1));
    }
}
