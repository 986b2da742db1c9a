package io.bourse.core.block;

/**
 * GENESIS is height 0 and carries no certificate; NORMAL carries commitments and pays the block
 * reward; SPECIAL carries exactly one special payload (network parameters, contract creation,
 * restrict/activate, approval) and pays no reward (C5, C6).
 */
public enum BlockKind {
    GENESIS, NORMAL, SPECIAL
}
