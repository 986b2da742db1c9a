package io.bourse.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.testing.CoreArbitraries;
import io.bourse.core.testing.TestKeys;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The text form {@code bx} + 40 hex digits of address + 8 of checksum. */
// covers: N1 (an address typo is caught)
class AddressTextTest {
    private static final String TYPO_CHARS = "0123456789abcdefABCDEFxXgz -";

    @Property(tries = 500)
    void textFormRoundTrips(@ForAll("addresses") Address a) {
        String text = a.text();
        assertThat(text).startsWith("bx").hasSize(2 + 48).matches("bx[0-9a-f]{48}");
        assertThat(Address.parse(text)).isEqualTo(a);
        assertThat(a.toString()).isEqualTo(text);
    }

    /**
     * Every substitution of one character is refused, except a change of case of a hex letter,
     * which names the same address.
     */
    @Property(tries = 60)
    void everySingleCharacterTypoIsCaught(@ForAll("addresses") Address a) {
        String text = a.text();
        for (int i = 0; i < text.length(); i++) {
            for (char c : TYPO_CHARS.toCharArray()) {
                if (c == text.charAt(i)) {
                    continue;
                }
                String typo = text.substring(0, i) + c + text.substring(i + 1);
                if (i >= 2 && Character.toLowerCase(c) == text.charAt(i)) {
                    assertThat(Address.parse(typo)).isEqualTo(a);
                    continue;
                }
                assertThatThrownBy(() -> Address.parse(typo)).as("typo %s", typo)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Property(tries = 100)
    void swappingTwoNeighbouringDigitsIsCaught(@ForAll("addresses") Address a) {
        String text = a.text();
        for (int i = 2; i < text.length() - 1; i++) {
            if (text.charAt(i) == text.charAt(i + 1)) {
                continue;
            }
            String swapped = text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2);
            assertThatThrownBy(() -> Address.parse(swapped)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 100)
    void droppingOrAddingACharacterIsCaught(@ForAll("addresses") Address a) {
        String text = a.text();
        assertThatThrownBy(() -> Address.parse(text.substring(0, text.length() - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex digits");
        assertThatThrownBy(() -> Address.parse(text + "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusalsSayWhatIsWrong() {
        String good = TestKeys.key(1).address().text();
        assertThatThrownBy(() -> Address.parse("0x" + good.substring(2))).hasMessageContaining("starts with 'bx'");
        assertThatThrownBy(() -> Address.parse(null)).hasMessageContaining("starts with 'bx'");
        assertThatThrownBy(() -> Address.parse("bx1234")).hasMessageContaining("48 hex digits");
        String flipped = good.substring(0, 49) + (good.charAt(49) == '0' ? '1' : '0');
        assertThatThrownBy(() -> Address.parse(flipped)).hasMessageContaining("checksum");
    }

    @Test
    void anAddressIsDerivedFromItsPublicKey() {
        Address a = TestKeys.key(1).publicKey().address();
        assertThat(a).isEqualTo(Address.of(TestKeys.key(1).publicKey()));
        assertThat(a).isNotEqualTo(TestKeys.key(2).publicKey().address());
        assertThat(TokenId.COIN.isCoin()).isTrue();
        assertThat(TokenId.parse("coin")).isEqualTo(TokenId.COIN);
        assertThat(TokenId.parse(a.text())).isEqualTo(TokenId.shareOf(a));
    }

    @Provide
    Arbitrary<Address> addresses() {
        return CoreArbitraries.addresses();
    }
}
