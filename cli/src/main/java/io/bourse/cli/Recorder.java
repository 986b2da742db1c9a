package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.vm.devkit.Recording;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Captures a {@link Recording} from a running node's public API (docs/api.yaml), block by block as
 * they become final: the block ({@code /v1/blocks/H}), every contract ({@code /v1/contracts}), each
 * one's Coin book ({@code /v1/markets/A-coin/book}) and the trades made at that height
 * ({@code /v1/markets/A-coin/trades}, the ledger keeps the last 128 per book). Listings and books
 * are read when the recorder sees the block: a block it sees late gets the books of the moment it
 * reads them (its trades are still exactly its own).
 */
final class Recorder {
    /** How long to wait for the next block before giving up. */
    static final long BLOCK_WAIT_MILLIS = 60_000;
    private final NodeClient node;
    private final int levels;
    private final PrintWriter progress;

    Recorder(NodeClient node, int levels, PrintWriter progress) {
        this.node = node;
        this.levels = levels;
        this.progress = progress;
    }

    /** Records the {@code blocks} blocks from the node's current head on. */
    Recording record(int blocks) throws IOException, InterruptedException {
        if (blocks < 1 || blocks > 100_000) {
            throw Args.bad("--blocks", "between 1 and 100000, got " + blocks);
        }
        JsonNode status = node.get("/v1/status");
        JsonNode params = node.get("/v1/parameters");
        long first = status.path("height").asLong();
        List<Recording.Block> out = new ArrayList<>();
        for (long h = first; h < first + blocks; h++) {
            awaitHeight(h);
            out.add(block(h));
            if (progress != null) {
                progress.printf("recorded block %d (%d of %d)%n", h, h - first + 1, blocks);
                progress.flush();
            }
        }
        return new Recording(node.node, status.path("chainId").asText(), params, out);
    }

    private void awaitHeight(long h) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BLOCK_WAIT_MILLIS * 1_000_000;
        while (node.get("/v1/status").path("height").asLong() < h) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no block " + h + " within " + BLOCK_WAIT_MILLIS / 1000 + " s: is the network making blocks?");
            }
            Thread.sleep(100);
        }
    }

    private Recording.Block block(long h) throws IOException, InterruptedException {
        JsonNode b = node.get("/v1/blocks/" + h);
        List<Recording.Listing> contracts = new ArrayList<>();
        SortedMap<Address, Recording.Book> books = new TreeMap<>();
        List<Recording.Trade> trades = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = node.get("/v1/contracts?limit=1000" + (after == null ? "" : "&after=" + after));
            for (JsonNode c : page.path("contracts")) {
                Address a = Address.parse(c.path("address").asText());
                contracts.add(new Recording.Listing(a, c.path("name").asText(""), c.path("status").asText(),
                        Amount.parse(c.path("shares").asText()), Amount.parse(c.path("price").asText()),
                        Amount.parse(c.path("treasury").asText())));
                JsonNode book = node.get("/v1/markets/" + a.text() + "-coin/book?levels=" + levels);
                books.put(a, new Recording.Book(levels(book.path("bids")), levels(book.path("asks"))));
                JsonNode ts = node.get("/v1/markets/" + a.text() + "-coin/trades?limit=128").path("trades");
                for (int i = ts.size() - 1; i >= 0; i--) { // newest first there, oldest first here
                    JsonNode t = ts.get(i);
                    if (t.path("height").asLong() == h) {
                        trades.add(new Recording.Trade(a, Amount.parse(t.path("price").asText()),
                                Amount.parse(t.path("quantity").asText()), t.path("takerSide").asText()));
                    }
                }
            }
            after = page.hasNonNull("next") ? page.path("next").asText() : null;
        } while (after != null);
        return new Recording.Block(h, b.path("timestamp").asLong(), Hash.fromHex(b.path("hash").asText()), contracts,
                books, trades);
    }

    private static List<Recording.Level> levels(JsonNode side) {
        List<Recording.Level> out = new ArrayList<>();
        for (JsonNode l : side) {
            out.add(new Recording.Level(Amount.parse(l.path("price").asText()), Amount.parse(l.path("quantity").asText())));
        }
        return out;
    }
}
