package io.bourse.core.ledger;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.WireCode;

/**
 * K4: the four states of a contract and their only transitions.
 *
 * <pre>
 *   ACTIVE ⇄ RESTRICTED        special block (ContractStateChange), signed by a Block Signer
 *   ACTIVE | RESTRICTED → CLOSING   the manager's ContractClose
 *   CLOSING → CLOSED           the ledger, once the contract holds only Coin and its own shares (K5)
 * </pre>
 *
 * The {@link #code()} is the {@code u8} status of the contract record: part of the format, so a
 * code is never changed or reused.
 */
public enum ContractStatus implements WireCode {
    ACTIVE(0, "Active"),
    RESTRICTED(1, "Restricted"),
    CLOSING(2, "Closing"),
    CLOSED(3, "Closed");

    private static final ContractStatus[] ALL = values();
    private final int code;
    private final String label;

    ContractStatus(int code, String label) {
        this.code = code;
        this.label = label;
    }

    @Override
    public int code() {
        return code;
    }

    /** @throws CodecException for a code no status has */
    public static ContractStatus fromCode(int code) {
        return WireCode.fromCode(ALL, code, "contract status");
    }

    @Override
    public String toString() {
        return label;
    }
}
