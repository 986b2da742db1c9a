package io.bourse.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One block's shared ctx, read once and served to every call on that block (K6): the block and
 * parameter sections as JSON text, and the market as look-ups — one listed contract by address,
 * a page in one of three orders, or the whole list — each answered as JSON text that the prelude
 * parses and freezes in the guest (under the call's statement budget). A call pays for the part of
 * the market it reads, not for the whole market.
 *
 * <p>Orders (ties by address): {@code address}; {@code recent}, the last trade's height, newest
 * first; {@code capitalization}, shares × mark, largest first (exact decimals).
 */
final class MarketView {
    static final int MAX_PAGE = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockInput input;
    private final String blockJson;
    private final String paramsJson;
    private final String[] addresses;  // sorted
    private final String[] entries;    // JSON objects, in the order of addresses
    private final long[] lastTrade;
    private final BigDecimal[] capitalization;
    private int[] recent;
    private int[] byCapitalization;
    private String all;

    private MarketView(BlockInput input, String blockJson, String paramsJson, List<Listed> listed) {
        this.input = input;
        this.blockJson = blockJson;
        this.paramsJson = paramsJson;
        listed.sort(Comparator.comparing(Listed::address));
        int n = listed.size();
        addresses = new String[n];
        entries = new String[n];
        lastTrade = new long[n];
        capitalization = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            Listed l = listed.get(i);
            addresses[i] = l.address();
            entries[i] = l.json();
            lastTrade[i] = l.lastTradeHeight();
            capitalization[i] = l.capitalization();
        }
    }

    private record Listed(String address, String json, long lastTradeHeight, BigDecimal capitalization) {
    }

    /** Reads {@code input}'s JSON; a document that is not a JSON object is refused. */
    static MarketView of(BlockInput input) {
        JsonNode root;
        try {
            root = JSON.readTree(input.json());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the block's ctx is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the block's ctx must be a JSON object");
        }
        List<Listed> listed = new ArrayList<>();
        for (JsonNode c : root.path("market").path("contracts")) {
            if (c.isObject()) {
                listed.add(new Listed(c.path("address").asText(""), c.toString(), c.path("lastTradeHeight").asLong(0),
                        decimal(c.path("shares")).multiply(decimal(c.path("mark")))));
            }
        }
        return new MarketView(input, section(root, "block"), section(root, "params"), listed);
    }

    private static String section(JsonNode root, String name) {
        JsonNode s = root.get(name);
        return s != null && s.isObject() ? s.toString() : "{}";
    }

    private static BigDecimal decimal(JsonNode n) {
        try {
            return n.isTextual() ? new BigDecimal(n.asText()) : BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    BlockInput input() {
        return input;
    }

    String blockJson() {
        return blockJson;
    }

    String paramsJson() {
        return paramsJson;
    }

    int count() {
        return addresses.length;
    }

    /** The listed contract at {@code address} as JSON, or null. */
    String get(String address) {
        int i = Arrays.binarySearch(addresses, address);
        return i >= 0 ? entries[i] : null;
    }

    /** Up to {@code limit} listed contracts from {@code offset} in {@code sort}'s order, as a JSON array; null for an unknown order. */
    String page(String sort, int offset, int limit) {
        int[] order;
        switch (sort) {
            case "address" -> order = null;
            case "recent" -> order = recent();
            case "capitalization" -> order = byCapitalization();
            default -> {
                return null;
            }
        }
        StringBuilder b = new StringBuilder().append('[');
        int end = (int) Math.min(addresses.length, (long) Math.max(0, offset) + Math.clamp(limit, 0, MAX_PAGE));
        for (int k = Math.max(0, offset); k < end; k++) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(entries[order == null ? k : order[k]]);
        }
        return b.append(']').toString();
    }

    /** The whole market as a JSON array, in address order. */
    String all() {
        if (all == null) {
            all = "[" + String.join(",", entries) + "]";
        }
        return all;
    }

    private int[] recent() {
        if (recent == null) {
            recent = order(Comparator.comparingLong((Integer i) -> lastTrade[i]).reversed());
        }
        return recent;
    }

    private int[] byCapitalization() {
        if (byCapitalization == null) {
            byCapitalization = order(Comparator.comparing((Integer i) -> capitalization[i]).reversed());
        }
        return byCapitalization;
    }

    /** Indexes sorted by {@code first}, then by address (the array's own order). */
    private int[] order(Comparator<Integer> first) {
        Integer[] idx = new Integer[addresses.length];
        Arrays.setAll(idx, i -> i);
        Arrays.sort(idx, first.thenComparingInt(i -> i));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The guest's door to the current block's market (the prelude's only host function): takes
     * primitive arguments only — never reads a guest object's members, so no guest getter runs on
     * this side — and answers a string, a number or null, never throws.
     */
    static final class Access implements ProxyExecutable {
        private MarketView view;

        void use(MarketView v) {
            this.view = v;
        }

        @Override
        public Object execute(Value... args) {
            MarketView v = view;
            if (v == null || args.length == 0 || !args[0].isString()) {
                return null;
            }
            try {
                return switch (args[0].asString()) {
                    case "count" -> v.count();
                    case "get" -> args.length > 1 && args[1].isString() ? v.get(args[1].asString()) : null;
                    case "page" -> args.length > 3 && args[1].isString() && args[2].fitsInInt() && args[3].fitsInInt()
                            ? v.page(args[1].asString(), args[2].asInt(), args[3].asInt()) : null;
                    case "all" -> v.all();
                    default -> null;
                };
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
