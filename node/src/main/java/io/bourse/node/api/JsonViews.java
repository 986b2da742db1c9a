package io.bourse.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.Hex;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import io.bourse.core.types.TokenId;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;

/** The JSON the API and the CLI show for our types: amounts as decimal strings, keys and hashes as hex. */
public final class JsonViews {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonViews() {
    }

    public static ObjectNode block(Block b) {
        ObjectNode o = F.objectNode();
        BlockHeader h = b.header();
        o.put("hash", b.hash().hex());
        o.put("height", h.height().value());
        o.put("kind", h.kind().name().toLowerCase(Locale.ROOT));
        o.put("parentHash", h.parentHash().hex());
        o.put("timestamp", h.timestamp().millis());
        o.put("time", h.timestamp().toString());
        o.put("generator", h.generator().address().text());
        o.put("generatorKey", h.generator().hex());
        o.put("parametersHash", h.parametersHash().hex());
        o.put("commitmentsRoot", h.commitmentsRoot().hex());
        o.put("stateRoot", h.stateRoot().hex());
        b.parentCertificate().ifPresent(qc -> o.set("parentCertificate", certificate(qc)));
        ArrayNode cs = o.putArray("commitments");
        b.commitments().forEach(c -> cs.add(commitment(c)));
        return o;
    }

    /**
     * What the block stream sends for a block: its header fields, the ids and kinds of its
     * commitments (not their payloads, which can be large) and who certified it.
     */
    public static ObjectNode blockSummary(Block b, java.util.Optional<QuorumCertificate> qc) {
        ObjectNode o = F.objectNode();
        BlockHeader h = b.header();
        o.put("height", h.height().value());
        o.put("hash", b.hash().hex());
        o.put("kind", h.kind().name().toLowerCase(Locale.ROOT));
        o.put("parentHash", h.parentHash().hex());
        o.put("timestamp", h.timestamp().millis());
        o.put("time", h.timestamp().toString());
        o.put("generator", h.generator().address().text());
        o.put("stateRoot", h.stateRoot().hex());
        o.put("commitmentCount", b.commitments().size());
        ArrayNode cs = o.putArray("commitments");
        for (Commitment c : b.commitments()) {
            cs.addObject().put("id", c.id().hex()).put("kind", c.kind().name().toLowerCase(Locale.ROOT))
                    .put("sender", c.senderAddress().text()).put("nonce", c.nonce());
        }
        qc.ifPresent(q -> o.set("certificate", certificate(q)));
        return o;
    }

    public static ObjectNode certificate(QuorumCertificate qc) {
        ObjectNode o = F.objectNode();
        o.put("height", qc.height().value());
        o.put("round", qc.round());
        o.put("blockHash", qc.blockHash().hex());
        ArrayNode seals = o.putArray("signers");
        for (CommitSeal s : qc.seals()) {
            seals.add(s.signer().address().text());
        }
        return o;
    }

    public static ObjectNode commitment(Commitment c) {
        ObjectNode o = F.objectNode();
        o.put("id", c.id().hex());
        o.put("chainId", c.chainId().value());
        o.put("sender", c.senderAddress().text());
        o.put("senderKey", c.sender().hex());
        o.put("nonce", c.nonce());
        o.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        o.set("payload", payload(c.payload()));
        return o;
    }

    public static ObjectNode receipt(Receipt r) {
        ObjectNode o = F.objectNode();
        o.put("applied", r.applied());
        if (!r.applied()) {
            o.put("reason", r.reason().name());
        }
        o.put("message", r.message());
        return o;
    }

    /** A payload's fields by their record component names. */
    public static ObjectNode payload(Payload p) {
        return record(p);
    }

    /** Any record's fields by their component names, each shown by {@link #value}. */
    static ObjectNode record(Object r) {
        ObjectNode o = F.objectNode();
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            try {
                o.set(rc.getName(), value(rc.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return o;
    }

    static JsonNode value(Object v) {
        return switch (v) {
            case null -> F.nullNode();
            case Address a -> F.textNode(a.text());
            case TokenId t -> F.textNode(t.text());
            case Amount a -> F.textNode(a.toPlainString());
            case Hash h -> F.textNode(h.hex());
            case PublicKey k -> F.textNode(k.hex());
            case Signature s -> F.textNode(s.hex());
            case byte[] b -> F.textNode(Hex.encode(b));
            case Enum<?> e -> F.textNode(e.name().toLowerCase(Locale.ROOT));
            case Boolean b -> F.booleanNode(b);
            case Long l -> F.numberNode(l);
            case Integer i -> F.numberNode(i);
            case String s -> F.textNode(s);
            case java.util.Optional<?> o -> o.isPresent() ? value(o.get()) : F.nullNode();
            case Payload p -> payload(p);
            case Record r -> record(r);
            case List<?> l -> {
                ArrayNode a = F.arrayNode();
                l.forEach(x -> a.add(value(x)));
                yield a;
            }
            default -> F.textNode(v.toString());
        };
    }

    public static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
