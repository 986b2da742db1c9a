package io.bourse.vm.devkit;

/** Small helpers on JavaScript source text for the dev kit's messages. */
final class Sources {
    private Sources() {
    }

    /** The 1-based line of character {@code index}. */
    static int lineOf(String code, int index) {
        int line = 1;
        for (int i = 0; i < index && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The code with every comment and string or template literal replaced by spaces (newlines
     * kept, so offsets and lines stay where they were). Regular-expression literals are left as
     * they are: a scan, not a parser, for messages only.
     */
    static String blankCommentsAndStrings(String code) {
        StringBuilder out = new StringBuilder(code);
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(out, code, i, end);
                i = end;
            } else if (c == '"' || c == '\'' || c == '`') {
                int j = i + 1;
                while (j < n && code.charAt(j) != c) {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                blank(out, code, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder out, String code, int from, int to) {
        for (int k = from; k < to; k++) {
            if (code.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }
}
