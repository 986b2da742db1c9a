package io.bourse.vm;

import io.bourse.core.types.Hash;
import java.util.Objects;

/**
 * What every contract's call on one block shares (K6): the block, the market, the parameters —
 * {@code ctx.block}, {@code ctx.market} and {@code ctx.params} — as one JSON document
 * {@code {"block":…,"market":{"contracts":[…]},"params":…}}. A runner reads it once per block
 * (a worker process receives it once per block, not once per call) and serves the market to the
 * calls through look-ups ({@link MarketView}): no call copies the whole market unless it asks for it.
 *
 * @param blockHash   the final block the calls are computed on (with a contract's address, it seeds Math.random)
 * @param blockMillis that block's timestamp: what Date and Date.now give
 * @param json        the shared sections, a JSON object (a missing section is empty)
 */
public record BlockInput(Hash blockHash, long blockMillis, String json) {
    public BlockInput {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(json, "json");
    }
}
