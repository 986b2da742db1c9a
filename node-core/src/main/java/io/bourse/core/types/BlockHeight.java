package io.bourse.core.types;

/** A block's position in the chain; the genesis block is at 0. */
public record BlockHeight(long value) implements Comparable<BlockHeight> {
    public static final BlockHeight GENESIS = new BlockHeight(0);

    public BlockHeight {
        if (value < 0) {
            throw new IllegalArgumentException("a block height is not negative, got " + value);
        }
    }

    public static BlockHeight of(long value) {
        return new BlockHeight(value);
    }

    public BlockHeight next() {
        return new BlockHeight(Math.addExact(value, 1));
    }

    @Override
    public int compareTo(BlockHeight o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
