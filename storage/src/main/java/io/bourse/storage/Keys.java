package io.bourse.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The key and small-value layouts of docs/storage.md: big-endian numbers so keys sort by number. */
final class Keys {
    private Keys() {
    }

    static byte[] height(long height) {
        return ByteBuffer.allocate(8).putLong(height).array();
    }

    static long height(byte[] bytes) {
        if (bytes.length != 8) {
            throw new IllegalArgumentException("a stored height has 8 bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).getLong();
    }

    /** u64 height | u32 index: receipts' key and the commitment index's value. */
    static byte[] heightIndex(long height, int index) {
        return ByteBuffer.allocate(12).putLong(height).putInt(index).array();
    }

    static CommitmentLocation location(byte[] bytes) {
        if (bytes.length != 12) {
            throw new IllegalArgumentException("a stored commitment location has 12 bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new CommitmentLocation(b.getLong(), b.getInt());
    }

    static byte[] name(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
