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
public final class Commitment {
    public static final int VERSION = 1;
    /** The largest encoded commitment accepted anywhere (a contract creation with its code). */
    public static final int MAX_BYTES = 4 * 1024 * 1024 + 64 * 1024;

    private final ChainId chainId;
    private final PublicKey sender;
    private final long nonce;
    private final Payload payload;
    private final Signature signature;
    /*
     * The canonical encoding, its id and the sender's address, each made at most once: a node
     * asks for them many times per commitment (admission, the mempool's maps, gossip, blocks,
     * storage). Racy single-check caching: every thread computes the same value.
     */
    private byte[] encoded;
    private Hash id;
    private Address senderAddress;

    public Commitment(ChainId chainId, PublicKey sender, long nonce, Payload payload, Signature signature) {
        this(chainId, sender, nonce, payload, signature, null);
    }

    private Commitment(ChainId chainId, PublicKey sender, long nonce, Payload payload, Signature signature,
                       byte[] encoded) {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative");
        }
        this.chainId = chainId;
        this.sender = sender;
        this.nonce = nonce;
        this.payload = payload;
        this.signature = signature;
        this.encoded = encoded;
    }

    public ChainId chainId() {
        return chainId;
    }

    public PublicKey sender() {
        return sender;
    }

    public long nonce() {
        return nonce;
    }

    public Payload payload() {
        return payload;
    }

    public Signature signature() {
        return signature;
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

    /** The bytes the signature covers: the encoding without its last 64 bytes. */
    public byte[] signedBytes() {
        byte[] all = encoded();
        return java.util.Arrays.copyOf(all, all.length - Signature.LENGTH);
    }

    public boolean signatureValid() {
        return Ed25519.verify(sender, Domain.COMMITMENT, chainId, signedBytes(), signature);
    }

    public Ed25519.Check signatureCheck() {
        return new Ed25519.Check(sender, Domain.COMMITMENT, chainId, signedBytes(), signature);
    }

    public Address senderAddress() {
        Address a = senderAddress;
        if (a == null) {
            a = sender.address();
            senderAddress = a;
        }
        return a;
    }

    public PayloadKind kind() {
        return payload.kind();
    }

    public void encode(Writer w) {
        w.fixed(encoded());
    }

    /** The canonical encoding (a fresh copy: the caller may change it). */
    public byte[] toBytes() {
        return encoded().clone();
    }

    /** The canonical encoding, made once; never handed out (see {@link #toBytes}). */
    private byte[] encoded() {
        byte[] e = encoded;
        if (e == null) {
            Writer w = new Writer(256);
            w.fixed(body(chainId, sender, nonce, payload));
            signature.encode(w);
            e = w.toByteArray();
            encoded = e;
        }
        return e;
    }

    /** Bytes of the canonical encoding. */
    public int encodedLength() {
        return encoded().length;
    }

    public Hash id() {
        Hash h = id;
        if (h == null) {
            h = Hash.of(encoded());
            id = h;
        }
        return h;
    }

    /** Equal when the canonical encodings are: the same fields, the same signature. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Commitment c && java.util.Arrays.equals(encoded(), c.encoded());
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return "Commitment[chainId=" + chainId + ", sender=" + sender + ", nonce=" + nonce + ", payload=" + payload
                + ", signature=" + signature + "]";
    }

    public static Commitment decode(Reader r) {
        int start = r.position();
        int version = r.u8("commitment version");
        if (version != VERSION) {
            throw new CodecException("commitment version " + version + " is not supported (expected " + VERSION + ")");
        }
        ChainId chainId = ChainId.decode(r, "chainId");
        PublicKey sender = PublicKey.decode(r, "sender");
        long nonce = r.u63("nonce");
        Payload payload = Payload.decode(r);
        Signature sig = Signature.decode(r, "signature");
        // decoding is canonical (one encoding per value), so the bytes read are the encoding
        return new Commitment(chainId, sender, nonce, payload, sig, r.copyOfRead(start, r.position()));
    }

    public static Commitment fromBytes(byte[] bytes) {
        if (bytes != null && bytes.length > MAX_BYTES) {
            throw new CodecException("commitment of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        return Reader.decodeAll(bytes, "commitment", Commitment::decode);
    }
}
