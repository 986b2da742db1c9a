package io.bourse.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.types.Amount.Rounding;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// covers: N1 (exact amounts), M2 (price × quantity), rounding rules of docs/economics.md
class AmountTest {

    @Test
    void addingPastTheLargestAmountThrows() {
        Amount max = Amount.ofUnits(Long.MAX_VALUE);
        assertThatThrownBy(() -> max.plus(Amount.ofUnits(1))).isInstanceOf(ArithmeticException.class);
        assertThat(max.plus(Amount.ZERO)).isEqualTo(max);
    }

    @Test
    void subtractingBelowZeroThrows() {
        assertThatThrownBy(() -> Amount.ONE.minus(Amount.ofUnits(Amount.ONE_UNITS + 1)))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("not negative");
        assertThat(Amount.ONE.minus(Amount.ONE)).isEqualTo(Amount.ZERO);
    }

    @Test
    void wholeTokensBeyondTheRangeThrow() {
        assertThat(Amount.ofWhole(92_233_720_368L).units()).isEqualTo(9_223_372_036_800_000_000L);
        assertThatThrownBy(() -> Amount.ofWhole(92_233_720_369L)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Amount.ofUnits(-1)).isInstanceOf(ArithmeticException.class);
    }

    @Property(tries = 2000)
    void mulDivMatchesBigIntegerReference(@ForAll("operands") long a, @ForAll("operands") long b,
                                          @ForAll("divisors") long c, @ForAll Rounding rounding) {
        BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(c));
        BigInteger expected = rounding == Rounding.UP && qr[1].signum() != 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        if (expected.bitLength() > 63) {
            assertThatThrownBy(() -> Amount.mulDiv(a, b, c, rounding)).isInstanceOf(ArithmeticException.class);
        } else {
            assertThat(Amount.mulDiv(a, b, c, rounding)).isEqualTo(expected.longValueExact());
        }
    }

    @Property(tries = 1000)
    void upIsDownPlusOneExactlyWhenThereIsARemainder(@ForAll("operands") long a, @ForAll("operands") long b,
                                                    @ForAll("divisors") long c) {
        BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        if (product.divide(BigInteger.valueOf(c)).bitLength() >= 63) {
            return; // UP may overflow where DOWN does not: covered by the reference property
        }
        long down = Amount.mulDiv(a, b, c, Rounding.DOWN);
        long up = Amount.mulDiv(a, b, c, Rounding.UP);
        boolean exact = product.mod(BigInteger.valueOf(c)).signum() == 0;
        assertThat(up - down).isEqualTo(exact ? 0 : 1);
        // what the system pays never exceeds the exact value; what a user supplies never falls short of it
        assertThat(BigInteger.valueOf(down).multiply(BigInteger.valueOf(c))).isLessThanOrEqualTo(product);
        assertThat(BigInteger.valueOf(up).multiply(BigInteger.valueOf(c))).isGreaterThanOrEqualTo(product);
    }

    @Test
    void mulDivRefusesNegativeOperandsAndZeroDivisor() {
        assertThatThrownBy(() -> Amount.mulDiv(-1, 1, 1, Rounding.DOWN)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Amount.mulDiv(1, -1, 1, Rounding.DOWN)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Amount.mulDiv(1, 1, 0, Rounding.DOWN)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void productsBeyond64BitsStillDivideExactly() {
        // 10^12 whole × 10^8 units per whole ÷ 10^8: the intermediate needs 80 bits
        long price = 1_000_000L * Amount.ONE_UNITS;
        long qty = 5_000L * Amount.ONE_UNITS;
        assertThat(Amount.mulDiv(price, qty, Amount.ONE_UNITS, Rounding.DOWN)).isEqualTo(5_000_000_000L * Amount.ONE_UNITS);
    }

    @Test
    void costRoundsDownForPayoutsAndUpForPayments() {
        Amount price = Amount.parse("1.5");          // 1.5 Coin per whole share
        Amount oneUnit = Amount.ofUnits(1);          // 10^-8 share
        // exact cost 1.5 × 10^-8 Coin = 1.5 units
        assertThat(Amount.cost(price, oneUnit, Rounding.DOWN).units()).isEqualTo(1);
        assertThat(Amount.cost(price, oneUnit, Rounding.UP).units()).isEqualTo(2);
        assertThat(Amount.cost(price, Amount.ofWhole(2), Rounding.UP)).isEqualTo(Amount.ofWhole(3));
        assertThat(Amount.cost(price, Amount.ofWhole(2), Rounding.DOWN)).isEqualTo(Amount.ofWhole(3));
    }

    @Test
    void feesInPartsPerMillionRoundAsAsked() {
        Amount a = Amount.ofUnits(999);
        // 0.1% of 999 units = 0.999 units
        assertThat(a.ppm(1_000, Rounding.DOWN).units()).isZero();
        assertThat(a.ppm(1_000, Rounding.UP).units()).isEqualTo(1);
        assertThat(Amount.ofWhole(10).ppm(Amount.PPM, Rounding.DOWN)).isEqualTo(Amount.ofWhole(10));
        assertThatThrownBy(() -> a.ppm(-1, Rounding.DOWN)).isInstanceOf(ArithmeticException.class);
    }

    @Property(tries = 1000)
    void formattingThenParsingGivesTheSameAmount(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long units) {
        Amount a = Amount.ofUnits(units);
        String text = a.toPlainString();
        assertThat(Amount.parse(text)).isEqualTo(a);
        assertThat(text).doesNotContain("E").doesNotStartWith("-");
        if (text.contains(".")) {
            assertThat(text).doesNotEndWith("0").doesNotEndWith(".");
        }
    }

    @Property(tries = 500)
    void parsingAcceptsEquivalentDecimalForms(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 10) long units) {
        Amount a = Amount.ofUnits(units);
        String padded = new BigDecimal(BigInteger.valueOf(units), Amount.DECIMALS).toPlainString() + "00";
        assertThat(Amount.parse(padded)).isEqualTo(a);
        assertThat(Amount.parse(padded).toPlainString()).isEqualTo(a.toPlainString());
    }

    @Test
    void knownFormats() {
        assertThat(Amount.parse("12.5").units()).isEqualTo(1_250_000_000L);
        assertThat(Amount.ofUnits(1).toPlainString()).isEqualTo("0.00000001");
        assertThat(Amount.ZERO.toPlainString()).isEqualTo("0");
        assertThat(Amount.ofWhole(100).toPlainString()).isEqualTo("100");
        assertThat(Amount.parse(" 7 ")).isEqualTo(Amount.ofWhole(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0.000000001", "abc", "", "92233720368.54775808", "1e400", "NaN"})
    void badTextIsRefusedWithIllegalArgument(String text) {
        assertThatThrownBy(() -> Amount.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Long> operands() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 1L << 32),
                Arbitraries.longs().between(0, 100 * Amount.ONE_UNITS));
    }

    @Provide
    Arbitrary<Long> divisors() {
        return Arbitraries.oneOf(
                Arbitraries.of(1L, 3L, Amount.ONE_UNITS, Amount.PPM),
                Arbitraries.longs().between(1, Long.MAX_VALUE));
    }
}
