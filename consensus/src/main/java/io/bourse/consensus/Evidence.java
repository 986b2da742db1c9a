package io.bourse.consensus;

import io.bourse.core.types.PublicKey;

/**
 * Two different signed messages of one kind from one signer at one (height, round): proof of
 * equivocation that anyone can check with the signer's key (C8).
 */
public record Evidence(PublicKey offender, long height, int round, ConsensusMessage.Signed first,
                       ConsensusMessage.Signed second) {
    public String describe() {
        return "signer " + offender.address() + " signed two different " + first.getClass().getSimpleName()
                + " messages at height " + height + " round " + round;
    }
}
