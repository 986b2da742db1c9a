package io.bourse.core.commitment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.types.Hash;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SealedSourceTest { // covers: K2
    static final String SOURCE = String.join("\n",
            "const a = 1;",
            "  // @sealed-begin alpha",
            "function alpha() { return 2; }",
            "// @sealed-end",
            "// @sealed-begin beta",
            "function beta() { return 3; }",
            "function beta2() {}",
            "// @sealed-end",
            "function onNewBlock(ctx) { alpha(); beta(); }");

    @Test
    void allRegionsAreSealedByDefaultAndTheJoinIsTheSourceWithoutMarkers() {
        SealedSource.Split s = SealedSource.split(SOURCE, Set.of());
        assertThat(s.sections()).containsExactly("function alpha() { return 2; }",
                "function beta() { return 3; }\nfunction beta2() {}");
        assertThat(s.publicCode()).isEqualTo(
                "const a = 1;\n// @sealed-section 0\n// @sealed-section 1\nfunction onNewBlock(ctx) { alpha(); beta(); }");
        assertThat(SealedSource.join(s.publicCode(), s.sections())).isEqualTo(String.join("\n", "const a = 1;",
                "function alpha() { return 2; }", "function beta() { return 3; }", "function beta2() {}",
                "function onNewBlock(ctx) { alpha(); beta(); }"));
    }

    @Test
    void onlyTheChosenRegionsAreSealed() {
        SealedSource.Split s = SealedSource.split(SOURCE, Set.of("beta"));
        assertThat(s.sections()).hasSize(1);
        assertThat(s.publicCode()).contains("function alpha()").doesNotContain("beta2").contains("// @sealed-section 0");
    }

    @Test
    void badMarkersAndUnknownNamesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> SealedSource.split("// @sealed-end", Set.of())).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SealedSource.split("// @sealed-begin\nx", Set.of())).hasMessageContaining("not closed");
        assertThatThrownBy(() -> SealedSource.split(SOURCE, Set.of("gamma"))).hasMessageContaining("gamma");
        assertThatThrownBy(() -> SealedSource.split("const a = 1;", Set.of())).hasMessageContaining("nothing to seal");
        assertThatThrownBy(() -> SealedSource.join("// @sealed-section 1", List.of("x")))
                .hasMessageContaining("names section 1, expected 0");
    }

    @Test
    void reviewReportReferencesRoundTripAndMalformedOnesNameThePart() {
        ReviewReport r = new ReviewReport("Owl Audits Ltd", "https://owl.example/r/7", Hash.ZERO);
        assertThat(ReviewReport.parse(r.format())).isEqualTo(r);
        assertThatThrownBy(() -> ReviewReport.parse("sha256:" + "0".repeat(64) + " ftp://x Owl"))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> ReviewReport.parse("sha256:" + "A".repeat(64) + " https://x Owl"))
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> ReviewReport.parse("sha256:" + "0".repeat(64) + " https://x  Owl"))
                .hasMessageContaining("vendor");
    }
}
