package io.bourse.cli;

import io.bourse.core.crypto.KeyFile;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Parses option values into our types; a bad value is an error naming the option. */
final class Args {
    private Args() {
    }

    static IllegalArgumentException bad(String option, String why) {
        return new IllegalArgumentException(option + ": " + why);
    }

    static Address address(String text, String option) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(option, e.getMessage());
        }
    }

    static TokenId token(String text, String option) {
        try {
            return TokenId.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(option, "'coin' or a contract address: " + e.getMessage());
        }
    }

    /** A decimal amount of tokens, e.g. {@code 12.5} (at most 8 decimals). */
    static Amount amount(String text, String option) {
        try {
            return Amount.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw bad(option, "a decimal amount like 12.5 expected: " + e.getMessage());
        }
    }

    static Amount positiveAmount(String text, String option) {
        Amount a = amount(text, option);
        if (a.isZero()) {
            throw bad(option, "must be more than 0");
        }
        return a;
    }

    /** A fraction as {@code 2.5%} or {@code 25000ppm}, returned in parts per million. */
    static long ppm(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            long v;
            if (t.endsWith("%")) {
                v = new BigDecimal(t.substring(0, t.length() - 1).strip()).movePointRight(4).longValueExact();
            } else if (t.endsWith("ppm")) {
                String digits = t.substring(0, t.length() - 3).strip();
                if (!digits.matches("[0-9]{1,18}")) { // ASCII digits only, as everywhere on input
                    throw new NumberFormatException(digits);
                }
                v = Long.parseLong(digits);
            } else {
                throw bad(option, "write a percentage like 2.5% or parts per million like 25000ppm, got '" + text + "'");
            }
            if (v < 0 || v > Amount.PPM) {
                throw bad(option, "must be within 0% and 100%");
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(option, "write a percentage like 2.5% or parts per million like 25000ppm, got '" + text + "'");
        }
    }

    /** An exchange rate as Coin per whole outside unit (e.g. {@code 0.95}), returned in Coin base units. */
    static long rate(String text, String option) {
        Amount a = positiveAmount(text, option);
        return a.units();
    }

    static Hash hash(String text, String option) {
        try {
            return Hash.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw bad(option, "64 hex digits expected");
        }
    }

    static long positiveLong(long v, String option) {
        if (v <= 0) {
            throw bad(option, "must be more than 0");
        }
        return v;
    }

    /** A public key: the file of a key pair, or 64 hex digits. */
    static PublicKey publicKey(String text, String option) throws java.io.IOException {
        Path p = Path.of(text);
        if (Files.isRegularFile(p)) {
            return KeyFile.read(p, Optional.empty()).publicKey();
        }
        try {
            return PublicKey.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw bad(option, "neither a key file nor a public key in hex: " + text);
        }
    }

    static <E extends Enum<E>> E choice(Class<E> type, String text, String option) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw bad(option, "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(x -> x.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList() + ", got '" + text + "'");
        }
    }

    static String text(Path file, String option, int maxChars) throws java.io.IOException {
        String s = Files.readString(file);
        if (s.length() > maxChars) {
            throw bad(option, file + " has " + s.length() + " characters; the limit is " + maxChars);
        }
        return s;
    }
}
