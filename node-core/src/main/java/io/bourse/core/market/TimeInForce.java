package io.bourse.core.market;

/** What a taker order does with the part it cannot fill at once. */
public enum TimeInForce {
    /** Rests on the book (a LIMIT order, good till cancelled or till a height the ledger enforces). */
    REST,
    /** Immediate or cancel: the unfilled part is dropped (IOC and MARKET orders). */
    IOC,
    /** Fill or kill: fills whole at once or leaves the book untouched. */
    FOK
}
