package io.bourse.core.commitment;

import io.bourse.core.codec.Writer;
import io.bourse.core.types.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * K2: how a contract's source is split into public code and sealed sections, and joined again by
 * the execution servers that open them. In the author's source a sealed region is the lines between
 *
 * <pre>
 *   // @sealed-begin [name]
 *   ...
 *   // @sealed-end
 * </pre>
 *
 * In the public code each sealed region becomes the one line {@code // @sealed-section i}
 * (i = 0, 1, … in order); the marker lines themselves are dropped from the code that runs. A
 * region not chosen for sealing stays in clear, its marker lines dropped too. The join is the one
 * function both the deploying client and the execution servers use, so the code that runs is
 * exactly the source without its markers.
 */
public final class SealedSource {
    private static final Pattern BEGIN = Pattern.compile("^\\s*//\\s*@sealed-begin(?:\\s+([A-Za-z0-9_.-]+))?\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*//\\s*@sealed-end\\s*$");
    private static final Pattern SECTION = Pattern.compile("^\\s*//\\s*@sealed-section\\s+(\\d{1,3})\\s*$");

    private static final byte[] CODE_DOMAIN = "bourse/sealed-contract/v1\0".getBytes(StandardCharsets.US_ASCII);

    private SealedSource() {
    }

    /**
     * What the sealed sections are bound to (their AEAD's associated data, after the domain):
     * SHA-256(public code, UTF-8) ‖ SHA-256(review report reference, UTF-8). Sections moved to a
     * creation with other public code or another report do not open.
     */
    public static byte[] context(String publicCode, String reviewReportRef) {
        return new Writer().fixed(Hash.of(publicCode.getBytes(StandardCharsets.UTF_8)).bytes())
                .fixed(Hash.of(reviewReportRef.getBytes(StandardCharsets.UTF_8)).bytes()).toByteArray();
    }

    /**
     * A sealed contract's code hash (its record's {@code codeHash}, in every execution's input hash):
     * SHA-256("bourse/sealed-contract/v1" 0x00 ‖ SHA-256(public code) ‖ the sealed content hash).
     * Not the hash of the clear text, which would let anyone test guesses of it.
     */
    public static Hash codeHash(String publicCode, Hash contentHash) {
        return Hash.of(CODE_DOMAIN, Hash.of(publicCode.getBytes(StandardCharsets.UTF_8)).bytes(), contentHash.bytes());
    }

    /** The public code and the sections sealed out of it. */
    public record Split(String publicCode, List<String> sections) {
        public Split {
            Objects.requireNonNull(publicCode, "publicCode");
            sections = List.copyOf(sections);
        }
    }

    /**
     * Splits {@code source}: the regions named in {@code chosen} are sealed (all of them when it is
     * empty; an unnamed region counts as chosen only then).
     *
     * @throws IllegalArgumentException naming the line, for unbalanced markers, a name that no
     *                                  region has, or nothing to seal
     */
    public static Split split(String source, Set<String> chosen) {
        String[] lines = source.split("\n", -1);
        StringBuilder pub = new StringBuilder();
        List<String> sections = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        StringBuilder region = null;
        boolean sealing = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher b = BEGIN.matcher(line);
            if (SECTION.matcher(line).matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": '@sealed-section' is reserved for public code");
            }
            if (b.matches()) {
                if (region != null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": @sealed-begin inside another sealed region");
                }
                String name = b.group(1);
                if (name != null) {
                    seen.add(name);
                }
                sealing = chosen.isEmpty() || (name != null && chosen.contains(name));
                region = new StringBuilder();
                continue;
            }
            if (END.matcher(line).matches()) {
                if (region == null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": @sealed-end without @sealed-begin");
                }
                if (sealing) {
                    append(pub, "// @sealed-section " + sections.size());
                    sections.add(region.toString());
                } else if (!region.isEmpty()) {
                    append(pub, region.toString());
                }
                region = null;
                continue;
            }
            if (region != null) {
                append(region, line);
            } else {
                append(pub, line);
            }
        }
        if (region != null) {
            throw new IllegalArgumentException("a @sealed-begin region is not closed by @sealed-end");
        }
        for (String c : chosen) {
            if (!seen.contains(c)) {
                throw new IllegalArgumentException("no region '// @sealed-begin " + c + "' in the source");
            }
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("nothing to seal: mark regions with // @sealed-begin [name] … // @sealed-end");
        }
        return new Split(pub.toString(), sections);
    }

    private static void append(StringBuilder b, String text) {
        if (!b.isEmpty()) {
            b.append('\n');
        }
        b.append(text);
    }

    /** The section numbers the public code's placeholder lines name, in order. */
    public static List<Integer> placeholders(String publicCode) {
        List<Integer> out = new ArrayList<>();
        for (String line : publicCode.split("\n", -1)) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    /** Null when the public code names sections 0 … n−1 once each, in order; else why not. */
    public static String checkPlaceholders(String publicCode, int n) {
        List<Integer> p = placeholders(publicCode);
        for (int i = 0; i < p.size(); i++) {
            if (p.get(i) != i) {
                return "the public code's placeholder " + (i + 1) + " names section " + p.get(i) + ", expected " + i;
            }
        }
        return p.size() == n ? null
                : "the public code has " + p.size() + " '// @sealed-section' placeholders for " + n + " sealed sections";
    }

    /** The code that runs: the public code with each placeholder replaced by its section. */
    public static String join(String publicCode, List<String> sections) {
        String why = checkPlaceholders(publicCode, sections.size());
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        StringBuilder out = new StringBuilder();
        for (String line : publicCode.split("\n", -1)) {
            Matcher m = SECTION.matcher(line);
            append(out, m.matches() ? sections.get(Integer.parseInt(m.group(1))) : line);
        }
        return out.toString();
    }
}
