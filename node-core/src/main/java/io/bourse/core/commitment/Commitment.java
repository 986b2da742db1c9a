package io.bourse.core.commitment;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.util.Objects;

/**
 * A signed request to change the ledger: the envelope every transaction, order, report and
 * special-block payload travels in.
 *
 * <pre>
 *   u8 version (1) | chainId | sender public key (32) | u64 nonce | u8 kind | kind's fields | signature (64)
 * </pre>
 *
 * The signature covers everything before it, under {@link Domain#COMMITMENT} and the chain id.
 * Replay protection is the sender's nonce: a commitment applies only with the next nonce of its
 * sender's account, and each applied or rejected commitment uses its nonce up. The id is the
 * SHA-256 of the whole encoding.
 */
public record Commitment(ChainId chainId, PublicKey sender, long nonce, Payload payload, Signature signature) {
    public static final int VERSION = 1;
    /** The largest encoded commitment accepted anywhere (a contract creation with its code). */
    public static final int MAX_BYTES = 4 * 1024 * 1024 + 64 * 1024;

    public Commitment {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative");
        }
    }

    public static Commitment sign(KeyPair key, ChainId chainId, long nonce, Payload payload) {
        byte[] body = body(chainId, key.publicKey(), nonce, payload);
        return new Commitment(chainId, key.publicKey(), nonce, payload, key.sign(Domain.COMMITMENT, chainId, body));
    }

    private static byte[] body(ChainId chainId, PublicKey sender, long nonce, Payload payload) {
        Writer w = new Writer();
        w.u8(VERSION);
        chainId.encode(w);
        sender.encode(w);
        w.i64(nonce);
        payload.encode(w);
        return w.toByteArray();
    }

    /** The bytes the signature covers. */
    public byte[] signedBytes() {
        return body(chainId, sender, nonce, payload);
    }

    public boolean signatureValid() {
        return Ed25519.verify(sender, Domain.COMMITMENT, chainId, signedBytes(), signature);
    }

    public Ed25519.Check signatureCheck() {
        return new Ed25519.Check(sender, Domain.COMMITMENT, chainId, signedBytes(), signature);
    }

    public Address senderAddress() {
        return sender.address();
    }

    public PayloadKind kind() {
        return payload.kind();
    }

    public void encode(Writer w) {
        w.fixed(signedBytes());
        signature.encode(w);
    }

    public byte[] toBytes() {
        Writer w = new Writer(256);
        encode(w);
        return w.toByteArray();
    }

    public Hash id() {
        return Hash.of(toBytes());
    }

    public static Commitment decode(Reader r) {
        int version = r.u8("commitment version");
        if (version != VERSION) {
            throw new CodecException("commitment version " + version + " is not supported (expected " + VERSION + ")");
        }
        ChainId chainId = ChainId.decode(r, "chainId");
        PublicKey sender = PublicKey.decode(r, "sender");
        long nonce = r.u63("nonce");
        Payload payload = Payload.decode(r);
        Signature sig = Signature.decode(r, "signature");
        return new Commitment(chainId, sender, nonce, payload, sig);
    }

    public static Commitment fromBytes(byte[] bytes) {
        if (bytes != null && bytes.length > MAX_BYTES) {
            throw new CodecException("commitment of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        return Reader.decodeAll(bytes, "commitment", Commitment::decode);
    }
}
