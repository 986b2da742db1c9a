package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/encoding.md "Reject reasons" lists every {@link RejectReason} with the code its receipts
 * carry (the u8 in the receipt encoding, {@link RejectReason#code()}), no more and no fewer.
 */
class RejectReasonDocTest {
    static final Path DOC = Path.of("..", "docs", "encoding.md");

    @Test
    void theDocListsEveryReasonWithItsCode() throws Exception {
        Map<Integer, String> documented = documented(Files.readAllLines(DOC));
        Map<Integer, String> actual = new LinkedHashMap<>();
        Arrays.stream(RejectReason.values()).forEach(r -> actual.put(r.code(), r.name()));
        assertThat(documented).containsExactlyEntriesOf(actual);
    }

    /** The rows {@code | code | `NAME` | meaning |} of the section's table, in order. */
    static Map<Integer, String> documented(List<String> lines) {
        Pattern row = Pattern.compile("^\\| (\\d+) \\| `([A-Z_]+)` \\|.*\\|$");
        Map<Integer, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("#")) {
                in = l.equals("### Reject reasons");
            } else if (in) {
                Matcher m = row.matcher(l);
                if (m.matches()) {
                    assertThat(out.put(Integer.parseInt(m.group(1)), m.group(2))).as("code listed twice: " + l).isNull();
                }
            }
        }
        return out;
    }
}
