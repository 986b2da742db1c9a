package io.bourse.node.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.block.Block;
import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Hex;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Rejection;
import io.bourse.core.types.Hash;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Mempool;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code POST /v1/commitments} and {@code GET /v1/commitments/{id}}. A submission is either the
 * commitment's canonical bytes ({@code Content-Type: application/octet-stream}) or, with any other
 * content type, the JSON object {@code {"encoded": "<hex of the same bytes>"}}. Admission checks
 * format, chain, nonce and signature before the commitment takes memory (see {@link Mempool}).
 */
final class Submissions {
    /** Request bodies: a duplicated key or anything after the object is refused, never resolved. */
    private static final ObjectMapper REQUEST_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Chain chain;
    private final Mempool mempool;
    private final NodeMetrics metrics;
    private final Consumer<Commitment> gossip;

    Submissions(Chain chain, Mempool mempool, NodeMetrics metrics, Consumer<Commitment> gossip) {
        this.chain = chain;
        this.mempool = mempool;
        this.metrics = metrics;
        this.gossip = gossip;
    }

    /** The content type of a batch in the binary framing: u32 count, then count × (u32 length, bytes). */
    static final String BATCH_TYPE = "application/vnd.bourse.commitments";
    /** Commitments one batch may carry. */
    static final int MAX_BATCH = 4096;

    HttpResponse submit(HttpRequest req) {
        String type = req.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith(BATCH_TYPE)) {
            return submitBatch(framed(req.body()));
        }
        if (!type.startsWith("application/octet-stream") && firstNonBlank(req.body()) == '[') {
            return submitBatch(jsonItems(req.body()));
        }
        Commitment c = decode(req);
        Mempool.Admission a = mempool.admitAgainst(c, chain);
        metrics.admission(a.name().toLowerCase(Locale.ROOT));
        ObjectNode o = submitted(c);
        return switch (a) {
            case ACCEPTED -> {
                gossip.accept(c);
                yield HttpResponse.json(202, JsonViews.write(o));
            }
            case DUPLICATE -> HttpResponse.json(200, JsonViews.write(o));
            default -> throw refusal(a, c);
        };
    }

    private static ObjectNode submitted(Commitment c) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", c.id().hex());
        o.put("status", "pending");
        o.put("sender", c.senderAddress().text());
        o.put("nonce", c.nonce());
        o.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        return o;
    }

    /** Why admission refused {@code c}: the single submission's error answer, a batch item's result. */
    private ApiError refusal(Mempool.Admission a, Commitment c) {
        return switch (a) {
            case ACCEPTED, DUPLICATE -> throw new IllegalArgumentException(a + " is no refusal");
            case POOL_FULL -> new ApiError(503, "busy, retry later", "mempool", "the mempool is full");
            case SENDER_FULL -> new ApiError(503, "busy, retry later", "mempool",
                    "this sender has too many pending commitments");
            case WRONG_CHAIN -> new ApiError(400, "commitment for another chain", "chainId",
                    "this node runs " + chain.parameters().chainId() + ", the commitment names " + c.chainId());
            case BAD_SIGNATURE -> new ApiError(400, "bad signature", "signature", "does not verify for the sender's key");
            case STALE_NONCE -> new ApiError(409, "nonce already used", "nonce",
                    "the sender's next nonce is " + nextNonce(c));
            case NONCE_TOO_FAR -> new ApiError(400, "nonce too far ahead", "nonce",
                    "the sender's next nonce is " + nextNonce(c));
            case UNAUTHORISED -> new ApiError(403, "not authorised", "sender",
                    c.senderAddress() + ": " + chain.authority(c).map(Rejection::message)
                            .orElse("not authorised under the parameters in force"));
        };
    }

    /** One item of a batch: a commitment, or why its bytes are none. */
    private record Item(Commitment commitment, ApiError malformed) {
    }

    /**
     * Many commitments in one request, admitted together ({@link Mempool#admitAll}: cheap checks,
     * then the signatures across the cores), each answered as a single submission would be, in
     * order, and the admitted ones gossiped.
     * The answer is 200 with one result per item, in order; only a malformed framing refuses the
     * whole batch.
     */
    private HttpResponse submitBatch(java.util.List<Item> items) {
        java.util.List<Commitment> decoded = items.stream().map(Item::commitment).filter(java.util.Objects::nonNull).toList();
        java.util.List<Mempool.Admission> admitted = mempool.admitAll(decoded, chain);
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode results = JsonViews.MAPPER.createArrayNode();
        int accepted = 0;
        int duplicates = 0;
        int refused = 0;
        int k = 0;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            ObjectNode r = results.addObject().put("index", i);
            if (it.commitment() == null) {
                refused++;
                r.put("status", "refused").put("code", it.malformed().status).put("error", it.malformed().getMessage())
                        .put("field", it.malformed().field)
                        .put("reason", it.malformed().reason);
                continue;
            }
            Commitment c = it.commitment();
            Mempool.Admission a = admitted.get(k++);
            metrics.admission(a.name().toLowerCase(Locale.ROOT));
            r.put("id", c.id().hex());
            switch (a) {
                case ACCEPTED -> {
                    accepted++;
                    r.put("status", "pending");
                    gossip.accept(c);
                }
                case DUPLICATE -> {
                    duplicates++;
                    r.put("status", "duplicate");
                }
                default -> {
                    refused++;
                    ApiError e = refusal(a, c);
                    r.put("status", "refused").put("code", e.status).put("error", e.getMessage()).put("field", e.field)
                            .put("reason", e.reason);
                }
            }
        }
        o.put("accepted", accepted);
        o.put("duplicates", duplicates);
        o.put("refused", refused);
        o.set("results", results);
        return HttpResponse.json(200, JsonViews.write(o));
    }

    /** The binary framing: u32 count (1..4096), then count × (u32 length, the commitment's bytes); nothing after. */
    private static java.util.List<Item> framed(byte[] body) {
        io.bourse.core.codec.Reader r = new io.bourse.core.codec.Reader(body);
        java.util.List<Item> out = new java.util.ArrayList<>();
        try {
            long n = r.u32("count");
            if (n < 1 || n > MAX_BATCH) {
                throw new ApiError(400, "bad batch", "count", "a batch holds 1 to " + MAX_BATCH + " commitments, not " + n);
            }
            for (int i = 0; i < n; i++) {
                out.add(item(r.bytes(Commitment.MAX_BYTES, "commitment " + i), i));
            }
            r.end("batch");
        } catch (CodecException e) {
            throw new ApiError(400, "bad batch", "body", e.getMessage());
        }
        return out;
    }

    /** A JSON batch: an array of {"encoded": "<hex>"} objects. */
    private static java.util.List<Item> jsonItems(byte[] body) {
        JsonNode json = readJson(body);
        if (json.size() < 1 || json.size() > MAX_BATCH) {
            throw new ApiError(400, "bad batch", "body", "a batch holds 1 to " + MAX_BATCH + " commitments, not " + json.size());
        }
        java.util.List<Item> out = new java.util.ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            try {
                out.add(item(hexOf(json.get(i)), i));
            } catch (ApiError e) {
                out.add(new Item(null, new ApiError(e.status, e.getMessage(), "[" + i + "]." + e.field, e.reason)));
            }
        }
        return out;
    }

    private static Item item(byte[] raw, int index) {
        try {
            if (raw.length == 0) {
                throw new CodecException("the commitment's canonical bytes are missing");
            }
            return new Item(Commitment.fromBytes(raw), null);
        } catch (CodecException e) {
            return new Item(null, new ApiError(400, "malformed commitment", "[" + index + "]", e.getMessage()));
        }
    }

    private static int firstNonBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }

    private long nextNonce(Commitment c) {
        return chain.readState(s -> LedgerState.nonce(s, c.senderAddress()));
    }

    private static Commitment decode(HttpRequest req) {
        String type = req.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        byte[] raw = type.startsWith("application/octet-stream") ? req.body() : hexFromJson(req.body());
        if (raw.length == 0) {
            throw new ApiError(400, "empty commitment", "encoded", "the commitment's canonical bytes are missing");
        }
        try {
            return Commitment.fromBytes(raw);
        } catch (CodecException e) {
            throw new ApiError(400, "malformed commitment", "encoded", e.getMessage());
        }
    }

    private static byte[] hexFromJson(byte[] body) {
        return hexOf(readJson(body));
    }

    /** {"encoded": "<hex>"}: the commitment's bytes; anything else is a 400 naming the field. */
    private static byte[] hexOf(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new ApiError(400, "the body must be a JSON object", "body",
                    "expected {\"encoded\": \"<hex>\"} or application/octet-stream bytes");
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("encoded")) {
                throw new ApiError(400, "unknown field", Params.shorten(f), "the only field is \"encoded\"");
            }
        }
        JsonNode enc = json.get("encoded");
        if (enc == null || enc.isNull()) {
            throw new ApiError(400, "missing field", "encoded", "the commitment's canonical bytes in hex");
        }
        if (!enc.isTextual()) {
            throw new ApiError(400, "wrong type", "encoded", "a string of hex digits expected, got " + enc.getNodeType()
                    .name().toLowerCase(Locale.ROOT));
        }
        String hex = enc.asText();
        if (!Params.isLowerHex(hex)) {
            throw new ApiError(400, "bad hex", "encoded", "lower-case hex digits 0-9a-f expected");
        }
        try {
            return Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad hex", "encoded", e.getMessage());
        }
    }

    /** The body as JSON; a key given twice is a 400 naming that key, other malformed JSON names the body. */
    private static JsonNode readJson(byte[] body) {
        try {
            return REQUEST_JSON.readTree(body);
        } catch (StreamReadException e) {
            String dup = duplicated(e);
            if (dup != null) {
                throw new ApiError(400, "duplicated field", Params.shorten(dup), "each field may appear once");
            }
            throw new ApiError(400, "the body is not valid JSON", "body", e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "the body is not valid JSON", "body", e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(400, "the body is not valid JSON", "body", e.getMessage());
        }
    }

    /** The key that STRICT_DUPLICATE_DETECTION found twice (the parser stands on it), or null. */
    private static String duplicated(StreamReadException e) {
        String m = e.getOriginalMessage();
        if (m != null && m.startsWith("Duplicate field ") && e.getProcessor() instanceof JsonParser p) {
            return p.getParsingContext().getCurrentName();
        }
        return null;
    }

    /** Pending in this node's mempool, final in block N with its receipt, or a 404 naming it unknown. */
    HttpResponse status(String idText) {
        Hash id = Params.hash(idText, "id");
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", id.hex());
        var loc = chain.store().locate(id);
        if (loc.isPresent()) {
            long h = loc.get().height();
            int i = loc.get().index();
            o.put("status", "final");
            o.put("height", h);
            o.put("index", i);
            chain.store().block(h).ifPresent(b -> describe(o, b, i));
            chain.store().receipt(h, i).ifPresent(r -> {
                o.put("outcome", r.applied() ? "applied" : "rejected");
                o.set("receipt", JsonViews.receipt(r));
            });
            return Api.ok(o);
        }
        if (mempool.contains(id)) {
            o.put("status", "pending");
            return Api.ok(o);
        }
        o.put("status", "unknown");
        o.put("error", "unknown commitment");
        o.put("field", "id");
        o.put("reason", "not pending at this node and in no final block (a commitment the generator found "
                + "invalid, e.g. with a nonce gap, is dropped: resubmit it)");
        return HttpResponse.json(404, JsonViews.write(o));
    }

    private static void describe(ObjectNode o, Block b, int index) {
        o.put("blockHash", b.hash().hex());
        o.put("blockKind", b.header().kind().name().toLowerCase(Locale.ROOT));
        if (index < b.commitments().size()) {
            o.set("commitment", JsonViews.commitment(b.commitments().get(index)));
        }
    }
}
