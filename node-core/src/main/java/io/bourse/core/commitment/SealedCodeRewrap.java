package io.bourse.core.commitment;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Address;
import java.util.Arrays;
import java.util.Objects;

/**
 * K2: an execution server that holds a contract's data key wraps it again to the execution servers
 * now in force, after the set changed. {@code sealedCode} is the whole new sealed code
 * ({@code io.bourse.core.crypto.SealedCode} bytes): the same content, a fresh ephemeral key and new
 * wraps. The ledger accepts it only from a key the current sealed code is wrapped to, with the same
 * content hash, wrapped to exactly the servers in force.
 *
 * <pre>  contract (20) | bytes sealedCode </pre>
 */
public record SealedCodeRewrap(Address contract, byte[] sealedCode) implements Payload {
    public SealedCodeRewrap {
        Objects.requireNonNull(contract, "contract");
        if (sealedCode == null || sealedCode.length == 0 || sealedCode.length > Payloads.MAX_CODE) {
            throw new IllegalArgumentException("sealedCode must be 1 to " + Payloads.MAX_CODE + " bytes");
        }
        sealedCode = sealedCode.clone();
    }

    @Override
    public byte[] sealedCode() {
        return sealedCode.clone();
    }

    @Override
    public PayloadKind kind() {
        return PayloadKind.SEALED_CODE_REWRAP;
    }

    @Override
    public void encodeFields(Writer w) {
        contract.encode(w);
        w.bytes(sealedCode);
    }

    static SealedCodeRewrap decodeFields(Reader r) {
        return new SealedCodeRewrap(Address.decode(r, "contract"), r.bytes(Payloads.MAX_CODE, "sealedCode"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedCodeRewrap x && contract.equals(x.contract) && Arrays.equals(sealedCode, x.sealedCode);
    }

    @Override
    public int hashCode() {
        return 31 * contract.hashCode() + Arrays.hashCode(sealedCode);
    }

    @Override
    public String toString() {
        return "SealedCodeRewrap[" + contract + ", " + sealedCode.length + " bytes]";
    }
}
