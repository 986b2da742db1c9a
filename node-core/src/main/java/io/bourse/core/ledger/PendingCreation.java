package io.bourse.core.ledger;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.WireCode;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * K2: a contract creation with sealed code, from its block until the signers decide it, and
 * afterwards (kept in the state as the record of what they approved).
 *
 * <pre>
 *   u8 version (2) | creation id (32) | the creation payload (tag and fields) | u64 submittedAt | u64 deadline
 *   | approvals: list of signer keys (32), sorted | checks: list of execution server keys (32), sorted
 *   | u8 0|1 [rejectedBy (32)] | u8 status code | string outcome | u8 0|1 [contract address (20)]
 * </pre>
 * Version 1 had no checks; it still decodes, with none.
 *
 * @param checks    the execution servers that attested that the sealed code opens for them
 *
 * @param deadline  the last height at which a vote counts; at the end of the next block a creation
 *                  still pending is EXPIRED
 * @param outcome   why it ended so, in words (empty while pending)
 */
public record PendingCreation(Hash creationId, Payloads.ContractCreation creation, long submittedAt, long deadline,
                              List<PublicKey> approvals, List<PublicKey> checks, Optional<PublicKey> rejectedBy, Status status, String outcome,
                              Optional<Address> contract) {
    public static final int VERSION = 2;

    /** Where a creation stands. Codes are part of the state's encoding. */
    public enum Status implements WireCode {
        PENDING(0, "pending"),
        CREATED(1, "created"),
        REJECTED(2, "rejected"),
        EXPIRED(3, "expired"),
        /**
         * Refused by a rule of creation at its decision (e.g. the execution servers changed), or at
         * once by an execution server whose check found that the sealed code does not open.
         */
        REFUSED(4, "refused");

        private static final Status[] ALL = values();
        private final int code;
        private final String label;

        Status(int code, String label) {
            this.code = code;
            this.label = label;
        }

        @Override
        public int code() {
            return code;
        }

        public String label() {
            return label;
        }

        static Status fromCode(int code) {
            return WireCode.fromCode(ALL, code, "pending creation status");
        }
    }

    public PendingCreation {
        Objects.requireNonNull(creationId, "creationId");
        Objects.requireNonNull(creation, "creation");
        approvals = approvals.stream().sorted().distinct().toList();
        checks = checks.stream().sorted().distinct().toList();
        Objects.requireNonNull(rejectedBy, "rejectedBy");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(contract, "contract");
    }

    static PendingCreation submitted(Hash id, Payloads.ContractCreation cc, long height, long deadline) {
        return new PendingCreation(id, cc, height, deadline, List.of(), List.of(), Optional.empty(), Status.PENDING,
                "", Optional.empty());
    }

    PendingCreation approvedBy(PublicKey signer) {
        List<PublicKey> a = new java.util.ArrayList<>(approvals);
        a.add(signer);
        return new PendingCreation(creationId, creation, submittedAt, deadline, a, checks, rejectedBy, status, outcome,
                contract);
    }

    /** With {@code server}'s attestation that the sealed code opens. */
    PendingCreation openedBy(PublicKey server) {
        List<PublicKey> k = new java.util.ArrayList<>(checks);
        k.add(server);
        return new PendingCreation(creationId, creation, submittedAt, deadline, approvals, k, rejectedBy, status, outcome,
                contract);
    }

    PendingCreation decided(Status to, Optional<PublicKey> rejecter, String why, Optional<Address> at) {
        return new PendingCreation(creationId, creation, submittedAt, deadline, approvals, checks, rejecter, to, why, at);
    }

    /** {@code server} has attested that the sealed code opens. */
    public boolean checkedBy(PublicKey server) {
        return checks.contains(server);
    }

    public boolean votedBy(PublicKey k) {
        return approvals.contains(k) || rejectedBy.filter(k::equals).isPresent();
    }

    public byte[] toBytes() {
        Writer w = new Writer();
        w.u8(VERSION);
        creationId.encode(w);
        creation.encode(w);
        w.i64(submittedAt).i64(deadline);
        w.list(approvals, (ww, k) -> k.encode(ww));
        w.list(checks, (ww, k) -> k.encode(ww));
        w.bool(rejectedBy.isPresent());
        rejectedBy.ifPresent(k -> k.encode(w));
        w.u8(status.code()).string(outcome);
        w.bool(contract.isPresent());
        contract.ifPresent(a -> a.encode(w));
        return w.toByteArray();
    }

    public static PendingCreation fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "pending creation", r -> {
            int v = r.u8("version");
            if (v != 1 && v != VERSION) {
                throw new CodecException("pending creation version " + v + " is unknown");
            }
            Hash id = Hash.decode(r, "creationId");
            if (!(Payload.decode(r) instanceof Payloads.ContractCreation cc)) {
                throw new CodecException("pending creation: the payload is not a contract creation");
            }
            long at = r.i64("submittedAt");
            long deadline = r.i64("deadline");
            List<PublicKey> approvals = r.list(1024, "approvals", rr -> PublicKey.decode(rr, "approval"));
            List<PublicKey> checks = v == 1 ? List.of() : r.list(1024, "checks", rr -> PublicKey.decode(rr, "check"));
            Optional<PublicKey> rejecter = r.bool("rejected") ? Optional.of(PublicKey.decode(r, "rejectedBy"))
                    : Optional.empty();
            Status status = Status.fromCode(r.u8("status"));
            String outcome = r.string(4096, "outcome");
            Optional<Address> contract = r.bool("hasContract") ? Optional.of(Address.decode(r, "contract"))
                    : Optional.empty();
            return new PendingCreation(id, cc, at, deadline, approvals, checks, rejecter, status, outcome, contract);
        });
    }
}
