package io.bourse.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.consensus.ConsensusStatus;
import io.bourse.core.block.Block;
import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Hex;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP/JSON API (docs/api.yaml). Every error is {@code {"error": ..., "field": ..., "reason": ...}}
 * with a 4xx status, and changes nothing.
 */
final class Api {
    private final Chain chain;
    private final Mempool mempool;
    private final NodeMetrics metrics;
    private final Supplier<ConsensusStatus> consensus;
    private final Supplier<Integer> peerCount;
    private final java.util.function.Consumer<Commitment> gossip;
    private final io.bourse.core.types.PublicKey self;

    Api(Chain chain, Mempool mempool, NodeMetrics metrics, Supplier<ConsensusStatus> consensus,
        Supplier<Integer> peerCount, java.util.function.Consumer<Commitment> gossip, io.bourse.core.types.PublicKey self) {
        this.chain = chain;
        this.mempool = mempool;
        this.metrics = metrics;
        this.consensus = consensus;
        this.peerCount = peerCount;
        this.gossip = gossip;
        this.self = self;
    }

    /** An answer to send: a status and a JSON body. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String field;
        final String reason;

        ApiError(int status, String error, String field, String reason) {
            super(error);
            this.status = status;
            this.field = field;
            this.reason = reason;
        }
    }

    HttpResponse handle(HttpRequest req) {
        try {
            return route(req);
        } catch (ApiError e) {
            return error(e.status, e.getMessage(), e.field, e.reason);
        }
    }

    private HttpResponse route(HttpRequest req) {
        String path = req.path();
        String[] parts = path.replaceAll("/+$", "").split("/");
        boolean get = req.method().equals("GET");
        if (path.equals("/health")) {
            requireMethod(get, req);
            return HttpResponse.json(200, "{\"status\":\"alive\"}");
        }
        if (path.equals("/ready")) {
            requireMethod(get, req);
            return ready(req);
        }
        if (path.equals("/metrics")) {
            requireMethod(get, req);
            return new HttpResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (parts.length >= 3 && parts[1].equals("v1")) {
            switch (parts[2]) {
                case "status" -> {
                    requireMethod(get, req);
                    return ok(status());
                }
                case "blocks" -> {
                    requireMethod(get, req);
                    if (parts.length != 4) {
                        throw new ApiError(404, "no such route: " + path, "path", "use /v1/blocks/{height|latest}");
                    }
                    return ok(block(parts[3]));
                }
                case "commitments" -> {
                    if (parts.length == 3) {
                        if (!req.method().equals("POST")) {
                            throw new ApiError(405, "use POST to submit a commitment", "method", "POST expected");
                        }
                        return submit(req);
                    }
                    requireMethod(get, req);
                    return ok(commitmentStatus(parts[3]));
                }
                case "accounts" -> {
                    requireMethod(get, req);
                    if (parts.length != 4) {
                        throw new ApiError(404, "no such route: " + path, "path", "use /v1/accounts/{address}");
                    }
                    return ok(account(parts[3]));
                }
                case "parameters" -> {
                    requireMethod(get, req);
                    return HttpResponse.json(200, chain.parameters().toJson());
                }
                case "supply" -> {
                    requireMethod(get, req);
                    return ok(supply());
                }
                default -> {
                }
            }
        }
        throw new ApiError(404, "no such route: " + req.method() + " " + path, "path", "see docs/api.yaml");
    }

    private static void requireMethod(boolean ok, HttpRequest req) {
        if (!ok) {
            throw new ApiError(405, "method " + req.method() + " is not allowed on " + req.path(), "method", "GET expected");
        }
    }

    ObjectNode status() {
        NetworkParameters p = chain.parameters();
        Block head = chain.head();
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("height", head.height());
        o.put("role", Role.of(self, p).label());
        o.put("generator", p.blockGenerator().address().text());
        o.put("chainId", p.chainId().value());
        o.put("headHash", head.hash().hex());
        o.put("headTime", head.header().timestamp().toString());
        o.put("address", self.address().text());
        o.put("peers", peerCount.get());
        o.put("mempool", mempool.size());
        ConsensusStatus cs = consensus.get();
        if (cs != null) {
            ObjectNode c = o.putObject("consensus");
            c.put("height", cs.height());
            c.put("round", cs.round());
            c.put("proposer", cs.proposer() == null ? null : cs.proposer().address().text());
            c.put("quorum", cs.quorum());
            c.put("faultTolerance", cs.faultTolerance());
            c.put("viewChanges", cs.viewChanges());
            c.put("evidence", cs.evidenceCount());
            ArrayNode missing = c.putArray("missing");
            cs.missing().forEach(k -> missing.add(k.address().text()));
        }
        return o;
    }

    private HttpResponse ready(HttpRequest req) {
        int maxBehind = intParam(req, "maxBlocksBehind", 2);
        int minPeers = intParam(req, "minPeers", 1);
        ConsensusStatus cs = consensus.get();
        long behind = cs == null ? 0 : Math.max(0, cs.height() - 1 - chain.height());
        int peers = peerCount.get();
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("ready", behind <= maxBehind && peers >= minPeers);
        o.put("blocksBehind", behind);
        o.put("peers", peers);
        return HttpResponse.json(o.get("ready").asBoolean() ? 200 : 503, JsonViews.write(o));
    }

    private static int intParam(HttpRequest req, String name, int dflt) {
        List<String> v = req.query().get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get(0));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad query parameter", name, "must be a whole number ≥ 0");
        }
    }

    private ObjectNode block(String which) {
        long h;
        if (which.equals("latest")) {
            h = chain.height();
        } else {
            try {
                h = Long.parseLong(which);
            } catch (NumberFormatException e) {
                throw new ApiError(400, "bad block height", "height", "a whole number or 'latest', got '" + which + "'");
            }
        }
        Block b = chain.store().block(h).orElseThrow(() ->
                new ApiError(404, "no final block at height " + which, "height", "the chain is at " + chain.height()));
        ObjectNode o = JsonViews.block(b);
        chain.store().certificate(h).ifPresent(qc -> o.set("certificate", JsonViews.certificate(qc)));
        return o;
    }

    private HttpResponse submit(HttpRequest req) {
        byte[] raw;
        String type = req.headers().getOrDefault("content-type", "");
        if (type.startsWith("application/octet-stream")) {
            raw = req.body();
        } else {
            JsonNode body;
            try {
                body = JsonViews.MAPPER.readTree(req.body());
            } catch (java.io.IOException e) {
                throw new ApiError(400, "the body is not valid JSON", "body", shortMessage(e));
            }
            if (body == null || !body.isObject()) {
                throw new ApiError(400, "the body must be a JSON object", "body", "expected {\"encoded\": \"<hex>\"}");
            }
            JsonNode enc = body.get("encoded");
            if (enc == null || !enc.isTextual()) {
                throw new ApiError(400, "missing field", "encoded", "the commitment's canonical bytes in hex");
            }
            try {
                raw = Hex.decode(enc.asText());
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "bad hex", "encoded", e.getMessage());
            }
        }
        Commitment c;
        try {
            c = Commitment.fromBytes(raw);
        } catch (CodecException e) {
            throw new ApiError(400, "malformed commitment", "encoded", e.getMessage());
        }
        Mempool.Admission a = chain.readState(s -> mempool.admit(c, s));
        metrics.admission(a.name().toLowerCase(java.util.Locale.ROOT));
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", c.id().hex());
        switch (a) {
            case ACCEPTED -> {
                gossip.accept(c);
                o.put("status", "pending");
                return HttpResponse.json(202, JsonViews.write(o));
            }
            case DUPLICATE -> {
                o.put("status", "pending");
                return HttpResponse.json(200, JsonViews.write(o));
            }
            case POOL_FULL, SENDER_FULL -> throw new ApiError(503, "busy, retry later", "mempool",
                    a == Mempool.Admission.POOL_FULL ? "the mempool is full" : "this sender has too many pending commitments");
            case WRONG_CHAIN -> throw new ApiError(400, "commitment for another chain", "chainId",
                    "this node runs " + chain.parameters().chainId());
            case BAD_SIGNATURE -> throw new ApiError(400, "bad signature", "signature", "does not verify for the sender's key");
            case STALE_NONCE -> throw new ApiError(409, "nonce already used", "nonce",
                    "the sender's next nonce is " + chain.readState(s -> LedgerState.nonce(s, c.senderAddress())));
            case NONCE_TOO_FAR -> throw new ApiError(400, "nonce too far ahead", "nonce",
                    "the sender's next nonce is " + chain.readState(s -> LedgerState.nonce(s, c.senderAddress())));
        }
        throw new IllegalStateException("unhandled admission " + a);
    }

    private ObjectNode commitmentStatus(String idText) {
        Hash id;
        try {
            id = Hash.fromHex(idText);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad commitment id", "id", "64 hex digits expected");
        }
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", id.hex());
        var loc = chain.store().locate(id);
        if (loc.isPresent()) {
            o.put("status", "final");
            o.put("height", loc.get().height());
            o.put("index", loc.get().index());
            chain.store().receipt(loc.get().height(), loc.get().index())
                    .ifPresent(r -> o.set("receipt", JsonViews.receipt(r)));
            return o;
        }
        if (mempool.contains(id)) {
            o.put("status", "pending");
            return o;
        }
        throw new ApiError(404, "unknown commitment", "id", "not pending here and in no final block");
    }

    private ObjectNode account(String addressText) {
        Address a;
        try {
            a = Address.parse(addressText);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad address", "address", e.getMessage());
        }
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("address", a.text());
        chain.readState(s -> {
            o.put("nextNonce", LedgerState.nonce(s, a));
            o.put("coin", LedgerState.balance(s, a, TokenId.COIN).toPlainString());
            return null;
        });
        o.put("height", chain.height());
        return o;
    }

    private ObjectNode supply() {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        chain.readState(s -> {
            LedgerState.Supply sp = LedgerState.supply(s);
            o.put("minted", sp.minted().toPlainString());
            o.put("burned", sp.burned().toPlainString());
            o.put("circulating", sp.circulating().toPlainString());
            return null;
        });
        o.put("height", chain.height());
        return o;
    }

    private static HttpResponse ok(ObjectNode o) {
        return HttpResponse.json(200, JsonViews.write(o));
    }

    static HttpResponse error(int status, String error, String field, String reason) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("error", error);
        if (field != null) {
            o.put("field", field);
        }
        if (reason != null) {
            o.put("reason", reason);
        }
        return HttpResponse.json(status, JsonViews.write(o));
    }

    private static String shortMessage(java.io.IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

}
