package io.bourse.core.ledger;

/**
 * A block that no correct generator would make: a bad signature, a wrong chain, a replayed or
 * skipped nonce, a payload in the wrong kind of block. Rules that fail because of the order of
 * commitments are never this: they give a rejected {@link Receipt}.
 */
public final class InvalidBlockException extends Exception {
    public InvalidBlockException(String message) {
        super(message);
    }
}
