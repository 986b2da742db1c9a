package io.bourse.core.types;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A quantity of a Network Token, Coin or shares alike: a non-negative {@code long} of base units,
 * {@value #DECIMALS} decimals (1 token = 100,000,000 units). Every operation is overflow-checked
 * and throws {@link ArithmeticException} rather than wrap or go negative.
 *
 * <p>Rounding (docs/economics.md): what the system pays out rounds {@link Rounding#DOWN}; what a
 * user must supply rounds {@link Rounding#UP}. Products such as price × quantity go through a
 * 128-bit intermediate, so only the final result must fit in 63 bits.
 */
public record Amount(long units) implements Comparable<Amount> {
    public static final int DECIMALS = 8;
    public static final long ONE_UNITS = 100_000_000L;
    public static final Amount ZERO = new Amount(0);
    public static final Amount ONE = new Amount(ONE_UNITS);
    /** Parts per million: the unit of every fee and ratio parameter. */
    public static final long PPM = 1_000_000L;

    public enum Rounding { DOWN, UP }

    public Amount {
        if (units < 0) {
            throw new ArithmeticException("an amount is not negative, got " + units + " units");
        }
    }

    public static Amount ofUnits(long units) {
        return new Amount(units);
    }

    public static Amount ofWhole(long tokens) {
        return new Amount(Math.multiplyExact(tokens, ONE_UNITS));
    }

    /**
     * Parses a plain decimal such as {@code "12"} or {@code "0.25"}, exactly.
     *
     * @throws IllegalArgumentException when negative, not a number, or with more than 8 decimals
     */
    public static Amount parse(String text) {
        BigDecimal d;
        try {
            d = new BigDecimal(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("not a decimal number: '" + text + "'");
        }
        return fromDecimal(d);
    }

    public static Amount fromDecimal(BigDecimal d) {
        if (d.signum() < 0) {
            throw new IllegalArgumentException("an amount is not negative: " + d.toPlainString());
        }
        if (d.stripTrailingZeros().scale() > DECIMALS) {
            throw new IllegalArgumentException("an amount has at most " + DECIMALS + " decimals: " + d.toPlainString());
        }
        try {
            return new Amount(d.movePointRight(DECIMALS).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount too large: " + d.toPlainString());
        }
    }

    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(units, DECIMALS).stripTrailingZeros();
    }

    /** "12.5", "0", "0.00000001": the shortest exact decimal. */
    public String toPlainString() {
        return units == 0 ? "0" : toDecimal().toPlainString();
    }

    public Amount plus(Amount o) {
        return new Amount(Math.addExact(units, o.units));
    }

    /** @throws ArithmeticException when the result would be negative */
    public Amount minus(Amount o) {
        return new Amount(Math.subtractExact(units, o.units));
    }

    public boolean isZero() {
        return units == 0;
    }

    public boolean lessThan(Amount o) {
        return units < o.units;
    }

    public static Amount min(Amount a, Amount b) {
        return a.units <= b.units ? a : b;
    }

    /** price (Coin units per whole share) × quantity (share units) ÷ 10^8, in Coin units. */
    public static Amount cost(Amount pricePerWhole, Amount quantity, Rounding rounding) {
        return new Amount(mulDiv(pricePerWhole.units, quantity.units, ONE_UNITS, rounding));
    }

    /** This amount × ppm ÷ 1,000,000. */
    public Amount ppm(long partsPerMillion, Rounding rounding) {
        if (partsPerMillion < 0) {
            throw new ArithmeticException("negative ppm " + partsPerMillion);
        }
        return new Amount(mulDiv(units, partsPerMillion, PPM, rounding));
    }

    /**
     * a × b ÷ c with a 128-bit intermediate, rounded as asked.
     *
     * @throws ArithmeticException on a negative operand, c ≤ 0, or a result beyond 63 bits
     */
    public static long mulDiv(long a, long b, long c, Rounding rounding) {
        if (a < 0 || b < 0 || c <= 0) {
            throw new ArithmeticException("mulDiv needs a, b ≥ 0 and c > 0");
        }
        long hi = Math.multiplyHigh(a, b);
        if (hi == 0) {
            long lo = a * b;
            if (lo >= 0) {
                long q = lo / c;
                if (rounding == Rounding.UP && q * c != lo) {
                    q = Math.addExact(q, 1);
                }
                return q;
            }
        }
        BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(c));
        BigInteger q = qr[0];
        if (rounding == Rounding.UP && qr[1].signum() != 0) {
            q = q.add(BigInteger.ONE);
        }
        if (q.bitLength() > 63) {
            throw new ArithmeticException("result of " + a + " × " + b + " ÷ " + c + " exceeds 63 bits");
        }
        return q.longValue();
    }

    public void encode(Writer w) {
        w.i64(units);
    }

    public static Amount decode(Reader r, String what) {
        return new Amount(r.u63(what));
    }

    @Override
    public int compareTo(Amount o) {
        return Long.compare(units, o.units);
    }

    @Override
    public String toString() {
        return toPlainString();
    }
}
