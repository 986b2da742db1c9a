package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.ledger.PendingCreation;
import io.bourse.core.ledger.SealedCreations;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Chain;
import java.util.Optional;

/**
 * K2: contract creations with sealed code, pending or decided, with their votes; and the sealed
 * part of a contract's record. Everything shown is public: the public code, the report reference,
 * the hashes anyone can recompute from the creation in its block, the keys the data key is wrapped
 * to. Never the sections' clear text, which no signer or API node holds.
 */
final class CreationViews {
    private final Chain chain;

    CreationViews(Chain chain) {
        this.chain = chain;
    }

    /** Every creation with sealed code, newest first, without its public code. */
    ObjectNode list() {
        return chain.readState(s -> {
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("height", chain.height());
            ArrayNode items = o.putArray("creations");
            SealedCreations.all(s).reversed().forEach(pc -> items.add(view(pc, false)));
            return o;
        });
    }

    /** One creation with sealed code, its public code included. */
    ObjectNode one(String idText) {
        Hash id = Params.hash(idText, "id");
        return chain.readState(s -> {
            PendingCreation pc = SealedCreations.find(s, id).orElseThrow(() -> new ApiError(404,
                    "unknown creation", "id", "no contract creation with sealed code has id " + id.hex()));
            ObjectNode o = view(pc, true);
            o.put("height", chain.height());
            return o;
        });
    }

    /** The sealed part of a contract's record, if it has one: what the signers approved, and the keys it is wrapped to now. */
    static Optional<ObjectNode> ofContract(StateReader s, Address contract, Hash creationId) {
        return SealedCreations.sealedCode(s, contract).map(now -> {
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("creationId", creationId.hex());
            sealed(o, now);
            SealedCreations.find(s, creationId).ifPresent(pc -> {
                report(o, pc.creation());
                ArrayNode a = o.putArray("approvedBy");
                pc.approvals().forEach(k -> a.add(k.address().text()));
            });
            return o;
        });
    }

    private static ObjectNode view(PendingCreation pc, boolean withCode) {
        Payloads.ContractCreation cc = pc.creation();
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", pc.creationId().hex());
        o.put("status", pc.status().label());
        o.put("outcome", pc.outcome());
        o.put("name", cc.name());
        o.put("manager", cc.manager().address().text());
        o.put("shares", cc.shares().toPlainString());
        o.put("directSalePrice", cc.directSalePrice().toPlainString());
        o.put("submittedAt", pc.submittedAt());
        o.put("deadline", pc.deadline());
        pc.contract().ifPresent(a -> o.put("contract", a.text()));
        ArrayNode approvals = o.putArray("approvals");
        pc.approvals().forEach(k -> approvals.addObject().put("signer", k.address().text()).put("key", k.hex()));
        ArrayNode opens = o.putArray("opensOn");
        pc.checks().forEach(k -> opens.addObject().put("server", k.address().text()).put("key", k.hex()));
        pc.rejectedBy().ifPresent(k -> o.putObject("rejectedBy").put("signer", k.address().text()).put("key", k.hex()));
        report(o, cc);
        ObjectNode sealed = o.putObject("sealed");
        try {
            sealed(sealed, SealedCode.fromBytes(cc.encryptedCode(), Payloads.MAX_CODE));
        } catch (RuntimeException e) {
            sealed.put("error", e.getMessage());
        }
        if (withCode) {
            o.put("publicCode", cc.code());
        }
        return o;
    }

    private static void sealed(ObjectNode o, SealedCode sc) {
        o.put("sections", sc.sections());
        o.put("contentHash", sc.contentHash().hex());
        o.put("ciphertextBytes", sc.ciphertext().length);
        o.put("sha256", Hash.of(sc.toBytes()).hex());
        ArrayNode to = o.putArray("wrappedTo");
        for (PublicKey k : sc.recipients()) {
            to.add(k.hex());
        }
    }

    private static void report(ObjectNode o, Payloads.ContractCreation cc) {
        ObjectNode r = o.putObject("reviewReport");
        r.put("reference", cc.reviewReportRef());
        try {
            ReviewReport rr = ReviewReport.parse(cc.reviewReportRef());
            r.put("vendor", rr.vendor()).put("url", rr.url()).put("sha256", rr.sha256().hex());
        } catch (IllegalArgumentException e) {
            r.put("error", e.getMessage());
        }
    }
}
