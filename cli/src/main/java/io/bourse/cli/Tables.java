package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Human output: key/value rows for one object, aligned columns for a list. */
final class Tables {
    private Tables() {
    }

    /** One row per leaf field; nested fields are named {@code outer.inner}, list items {@code list[i]}. */
    static void keyValues(PrintWriter out, JsonNode n) {
        List<String[]> rows = new ArrayList<>();
        flatten(n, "", rows);
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            out.printf("%-" + Math.max(1, width) + "s  %s%n", r[0], r[1]);
        }
    }

    private static void flatten(JsonNode n, String prefix, List<String[]> rows) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject() && !v.isEmpty()) {
                flatten(v, key + ".", rows);
            } else if (v.isArray() && !v.isEmpty()) {
                for (int i = 0; i < v.size(); i++) {
                    JsonNode item = v.get(i);
                    if (item.isContainerNode()) {
                        flatten(item, key + "[" + i + "].", rows);
                    } else {
                        rows.add(new String[] {key + "[" + i + "]", item.asText()});
                    }
                }
            } else if (v.isContainerNode()) {
                rows.add(new String[] {key, "(none)"});
            } else {
                rows.add(new String[] {key, v.isNull() ? "-" : v.asText()});
            }
        }
    }

    /** A header line of column names, then one aligned line per element of {@code items}. */
    static void rows(PrintWriter out, JsonNode items, List<String> columns) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new));
        for (JsonNode item : items) {
            lines.add(columns.stream().map(c -> item.path(c).isMissingNode() || item.path(c).isNull() ? "-"
                    : item.path(c).asText()).toArray(String[]::new));
        }
        print(out, lines);
    }

    static void print(PrintWriter out, List<String[]> lines) {
        int cols = lines.getFirst().length;
        int[] width = new int[cols];
        for (String[] l : lines) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        for (String[] l : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                b.append(i == cols - 1 ? l[i] : String.format("%-" + width[i] + "s  ", l[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
