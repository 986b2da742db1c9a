package io.bourse.vm.devkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What contracts saw of a running network over consecutive blocks (O7), the input of a backtest.
 * The file is one JSON document, {@value #FORMAT} (docs/contract-guide.md, "Recording format"):
 *
 * <pre>
 * { "format": "bourse-recording/1", "source": "http://…", "chainId": "devnet",
 *   "parameters": { …the network parameters' canonical JSON (GET /v1/parameters)… },
 *   "blocks": [ { "height": 12, "timestamp": 1700000000000, "hash": "…64 hex…",
 *                 "contracts": [ { "address": "bx…", "name": "…", "status": "Active",
 *                                  "shares": "1000000", "price": "1", "treasury": "900000" } ],
 *                 "books": { "bx…": { "bids": [ ["1.02", "10"] ], "asks": [ ["1.05", "3"] ] } },
 *                 "trades": [ { "market": "bx…", "price": "1.05", "quantity": "2", "takerSide": "buy" } ] } ] }
 * </pre>
 *
 * Blocks are consecutive and ascending; contracts are sorted by address; a book is each Coin
 * market's aggregated price levels, best first; trades are the block's own, oldest first. Amounts
 * are decimal strings (8 decimals at most), as in the API. Written with sorted keys, so one
 * recording is one sequence of bytes.
 */
public record Recording(String source, String chainId, JsonNode parameters, List<Block> blocks) {
    public static final String FORMAT = "bourse-recording/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public Recording {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(parameters, "parameters");
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("blocks: a recording holds at least one block");
        }
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).height() != blocks.get(i - 1).height() + 1) {
                throw new IllegalArgumentException("blocks[" + i + "].height: " + blocks.get(i).height()
                        + " does not follow " + blocks.get(i - 1).height());
            }
            if (blocks.get(i).timestamp() < blocks.get(i - 1).timestamp()) {
                throw new IllegalArgumentException("blocks[" + i + "].timestamp: earlier than the block before");
            }
        }
    }

    /** One listed contract as {@code GET /v1/contracts} shows it. */
    public record Listing(Address address, String name, String status, Amount shares, Amount price, Amount treasury) {
    }

    /** One aggregated price level. */
    public record Level(Amount price, Amount quantity) {
    }

    /** A contract's Coin book: bids best (highest) first, asks best (lowest) first. */
    public record Book(List<Level> bids, List<Level> asks) {
        public Book {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** One trade on {@code market}'s Coin book at the block's height. */
    public record Trade(Address market, Amount price, Amount quantity, String takerSide) {
    }

    public record Block(long height, long timestamp, Hash hash, List<Listing> contracts, SortedMap<Address, Book> books,
                        List<Trade> trades) {
        public Block {
            contracts = List.copyOf(contracts);
            books = new TreeMap<>(books);
            trades = List.copyOf(trades);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads a recording; a bad field is named with its path ({@code blocks[3].books.bx….bids[0].price}). */
    public static Recording parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a recording is a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("format: expected \"" + FORMAT + "\", got " + root.path("format"));
        }
        JsonNode params = root.path("parameters");
        if (!params.isObject()) {
            throw new IllegalArgumentException("parameters: expected an object");
        }
        List<Block> blocks = new ArrayList<>();
        JsonNode bs = array(root, "blocks", "blocks");
        for (int i = 0; i < bs.size(); i++) {
            blocks.add(block(bs.get(i), "blocks[" + i + "]"));
        }
        return new Recording(root.path("source").asText(""), text(root, "chainId", "chainId"), params, blocks);
    }

    private static Block block(JsonNode b, String at) {
        long height = number(b, "height", at);
        long timestamp = number(b, "timestamp", at);
        Hash hash;
        try {
            hash = Hash.fromHex(text(b, "hash", at));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".hash: " + e.getMessage());
        }
        List<Listing> contracts = new ArrayList<>();
        JsonNode cs = array(b, "contracts", at);
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            String p = at + ".contracts[" + i + "]";
            contracts.add(new Listing(address(text(c, "address", p), p + ".address"), c.path("name").asText(""),
                    text(c, "status", p), amount(c, "shares", p), amount(c, "price", p), amount(c, "treasury", p)));
        }
        SortedMap<Address, Book> books = new TreeMap<>();
        JsonNode bk = b.path("books");
        if (!bk.isObject()) {
            throw new IllegalArgumentException(at + ".books: expected an object");
        }
        for (Map.Entry<String, JsonNode> e : bk.properties()) {
            String p = at + ".books." + e.getKey();
            books.put(address(e.getKey(), p), new Book(levels(e.getValue(), "bids", p), levels(e.getValue(), "asks", p)));
        }
        List<Trade> trades = new ArrayList<>();
        JsonNode ts = array(b, "trades", at);
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            String p = at + ".trades[" + i + "]";
            String side = text(t, "takerSide", p);
            if (!side.equals("buy") && !side.equals("sell")) {
                throw new IllegalArgumentException(p + ".takerSide: expected buy or sell, got " + side);
            }
            trades.add(new Trade(address(text(t, "market", p), p + ".market"), amount(t, "price", p),
                    amount(t, "quantity", p), side));
        }
        return new Block(height, timestamp, hash, contracts, books, trades);
    }

    private static List<Level> levels(JsonNode book, String side, String at) {
        List<Level> out = new ArrayList<>();
        JsonNode ls = array(book, side, at);
        for (int i = 0; i < ls.size(); i++) {
            JsonNode l = ls.get(i);
            String p = at + "." + side + "[" + i + "]";
            if (!l.isArray() || l.size() != 2) {
                throw new IllegalArgumentException(p + ": expected [price, quantity]");
            }
            out.add(new Level(amount(l.get(0).asText(), p + "[0]"), amount(l.get(1).asText(), p + "[1]")));
        }
        return out;
    }

    private static JsonNode array(JsonNode n, String field, String at) {
        JsonNode a = n.path(field);
        if (!a.isArray()) {
            throw new IllegalArgumentException(path(at, field) + ": expected an array");
        }
        return a;
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(path(at, field) + ": expected a non-empty string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field, String at) {
        JsonNode v = n.path(field);
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new IllegalArgumentException(path(at, field) + ": expected a non-negative integer");
        }
        return v.asLong();
    }

    private static Amount amount(JsonNode n, String field, String at) {
        return amount(n.path(field).isTextual() ? n.path(field).asText() : null, path(at, field));
    }

    private static Amount amount(String text, String at) {
        if (text == null) {
            throw new IllegalArgumentException(at + ": expected a decimal string");
        }
        try {
            return Amount.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    private static Address address(String text, String at) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    private static String path(String at, String field) {
        return at.isEmpty() || at.equals(field) ? field : at + "." + field;
    }

    // ------------------------------------------------------------------ writing

    /** The canonical text: sorted keys, two-space indentation, a final newline. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("source", source);
        root.put("chainId", chainId);
        root.set("parameters", parameters);
        ArrayNode bs = root.putArray("blocks");
        for (Block b : blocks) {
            ObjectNode o = bs.addObject();
            o.put("height", b.height());
            o.put("timestamp", b.timestamp());
            o.put("hash", b.hash().hex());
            ArrayNode cs = o.putArray("contracts");
            for (Listing c : b.contracts()) {
                cs.addObject().put("address", c.address().text()).put("name", c.name()).put("status", c.status())
                        .put("shares", c.shares().toPlainString()).put("price", c.price().toPlainString())
                        .put("treasury", c.treasury().toPlainString());
            }
            ObjectNode books = o.putObject("books");
            b.books().forEach((a, book) -> {
                ObjectNode x = books.putObject(a.text());
                levels(x.putArray("bids"), book.bids());
                levels(x.putArray("asks"), book.asks());
            });
            ArrayNode ts = o.putArray("trades");
            for (Trade t : b.trades()) {
                ts.addObject().put("market", t.market().text()).put("price", t.price().toPlainString())
                        .put("quantity", t.quantity().toPlainString()).put("takerSide", t.takerSide());
            }
        }
        try {
            Object sorted = JSON.treeToValue(root, Object.class); // maps, so ORDER_MAP_ENTRIES_BY_KEYS sorts them
            return JSON.writeValueAsString(sorted) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void levels(ArrayNode out, List<Level> levels) {
        for (Level l : levels) {
            out.addArray().add(l.price().toPlainString()).add(l.quantity().toPlainString());
        }
    }
}
