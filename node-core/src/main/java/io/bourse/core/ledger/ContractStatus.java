package io.bourse.core.ledger;

/**
 * K4: the four states of a contract and their only transitions.
 *
 * <pre>
 *   ACTIVE ⇄ RESTRICTED        special block (ContractStateChange), signed by a Block Signer
 *   ACTIVE | RESTRICTED → CLOSING   the manager's ContractClose
 *   CLOSING → CLOSED           the ledger, once the contract holds only Coin and its own shares (K5)
 * </pre>
 *
 * The ordinal is stored in the contract record: append only.
 */
public enum ContractStatus {
    ACTIVE("Active"),
    RESTRICTED("Restricted"),
    CLOSING("Closing"),
    CLOSED("Closed");

    private final String label;

    ContractStatus(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
