package io.bourse.core.market;

/**
 * An open-addressing {@code long → V} map with linear probing and backward-shift deletion: no
 * boxing, no tombstones, no allocation except when it grows. Iteration order is never exposed.
 */
final class LongIndex<V> {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

    LongIndex() {
        this(1024);
    }

    LongIndex(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        keys = new long[cap];
        java.util.Arrays.fill(keys, EMPTY);
        values = new Object[cap];
        mask = cap - 1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == EMPTY) {
                return null;
            }
        }
    }

    void put(long key, V value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("key " + key + " is reserved");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    void remove(long key) {
        int i = slot(key);
        while (keys[i] != key) {
            if (keys[i] == EMPTY) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        // backward shift: move later entries of the probe run into the hole
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        values[hole] = null;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        java.util.Arrays.fill(keys, EMPTY);
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
