package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The CLI reads fractions exactly as documented (README: `2.5%` or `25000ppm`), naming the option otherwise. */
// covers: O1
class ArgsTest {
    @Test
    void fractionsArePercentagesOrAsciiPartsPerMillion() {
        assertThat(Args.ppm("2.5%", "--fee")).isEqualTo(25_000);
        assertThat(Args.ppm("25000ppm", "--fee")).isEqualTo(25_000);
        assertThat(Args.ppm("100%", "--fee")).isEqualTo(1_000_000);
        for (String bad : new String[] {"+25000ppm", "\u0662\u0665ppm", "\uff12\uff15ppm", "-1ppm", "101%", "2.5", "ppm"}) {
            assertThatThrownBy(() -> Args.ppm(bad, "--fee")).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--fee");
        }
    }
}
