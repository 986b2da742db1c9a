package io.bourse.core.types;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.util.regex.Pattern;

/** Names one chain; part of every signed message so nothing signed for one chain is valid on another. */
public record ChainId(String value) {
    public static final int MAX_LENGTH = 32;
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public ChainId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a chain id is 1 to 32 characters of a-z, 0-9 and '-', got '" + value + "'");
        }
    }

    public static ChainId of(String value) {
        return new ChainId(value);
    }

    public void encode(Writer w) {
        w.string(value);
    }

    public static ChainId decode(Reader r, String what) {
        return new ChainId(r.string(MAX_LENGTH, what));
    }

    @Override
    public String toString() {
        return value;
    }
}
