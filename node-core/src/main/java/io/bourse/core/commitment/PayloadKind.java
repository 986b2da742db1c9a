package io.bourse.core.commitment;

import io.bourse.core.codec.CodecException;

/**
 * The wire tag of every payload kind. Tags are part of the signed bytes, so a commitment signed as
 * one kind never verifies as another. Tags below 64 are normal commitments; 64 and above are the
 * payloads of special blocks, which carry exactly one of them and mint no reward.
 */
public enum PayloadKind {
    TRANSFER(1),
    BUY_FROM_CONTRACT(2),
    PLACE_ORDER(3),
    CANCEL_ORDER(4),
    OPTION_WRITE(5),
    OPTION_EXERCISE(6),
    COIN_PURCHASE(7),
    COIN_REDEMPTION(8),
    RATE_REPORT(9),
    CONTRACT_CONFIG_UPDATE(10),
    CONTRACT_CLOSE(11),
    CONTRACT_EXECUTION_RESULTS(12),
    COIN_CONFIG_UPDATE(13),
    COIN_PAYOUT(14),
    COIN_RESERVE_REPORT(15),
    /** K2: a contract's data key wrapped anew to the execution servers in force. */
    SEALED_CODE_REWRAP(32),
    /** K2: an execution server's check that a pending creation's sealed code opens. */
    SEALED_CODE_CHECK(33),
    NETWORK_PARAMETERS(64),
    CONTRACT_CREATION(65),
    CONTRACT_STATE_CHANGE(66),
    ENCRYPTED_CODE_APPROVAL(67);

    private final int tag;

    PayloadKind(int tag) {
        this.tag = tag;
    }

    public int tag() {
        return tag;
    }

    public boolean special() {
        return tag >= 64;
    }

    public static PayloadKind ofTag(int tag) {
        for (PayloadKind k : values()) {
            if (k.tag == tag) {
                return k;
            }
        }
        throw new CodecException("unknown payload kind tag " + tag);
    }
}
