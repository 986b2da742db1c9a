package io.bourse.storage;

/** Where a commitment went: the final block that first included it and its position there. */
public record CommitmentLocation(long height, int index) {
    public CommitmentLocation {
        if (height < 0 || index < 0) {
            throw new IllegalArgumentException("a commitment location is not negative, got " + height + "/" + index);
        }
    }
}
