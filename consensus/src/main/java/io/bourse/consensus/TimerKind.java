package io.bourse.consensus;

/** BLOCK_DUE: the round-0 proposer's cadence (C2). ROUND_TIMEOUT: the round gave no block in time (C7). */
public enum TimerKind {
    BLOCK_DUE, ROUND_TIMEOUT
}
