package io.bourse.core.params;

import io.bourse.core.types.Address;
import io.bourse.core.types.PublicKey;
import java.util.Objects;

/**
 * A key named in the Network Parameters: a Block Signer (with the operator that runs it, for C9),
 * the Block Generator, an execution server or the Coin Contract Operator.
 */
public record Validator(PublicKey publicKey, String operator) {
    public Validator {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(operator, "operator");
    }

    public Address address() {
        return publicKey.address();
    }
}
