package io.bourse.core.block;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.WireCode;

/**
 * GENESIS is height 0 and carries no certificate; NORMAL carries commitments and pays the block
 * reward; SPECIAL carries exactly one special payload (network parameters, contract creation,
 * restrict/activate, approval) and pays no reward (C5, C6).
 *
 * <p>The {@link #code()} is the {@code u8} in the block header and in the state's last-block
 * record: part of the format, so a code is never changed or reused, whatever the order of the
 * constants.
 */
public enum BlockKind implements WireCode {
    GENESIS(0),
    NORMAL(1),
    SPECIAL(2);

    private static final BlockKind[] ALL = values();
    private final int code;

    BlockKind(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** @throws CodecException for a code no kind has */
    public static BlockKind fromCode(int code) {
        return WireCode.fromCode(ALL, code, "block kind");
    }
}
