package io.bourse.core.block;

import io.bourse.core.types.Hash;
import java.security.MessageDigest;
import java.util.List;

/**
 * A binary Merkle root over a list of hashes: leaves are SHA-256(0x00 || item), inner nodes
 * SHA-256(0x01 || left || right), an odd node is promoted unchanged, and the empty list has the
 * root {@link Hash#ZERO}. The prefixes keep a leaf from ever passing for an inner node.
 */
public final class MerkleTree {
    private MerkleTree() {
    }

    public static Hash root(List<Hash> items) {
        if (items.isEmpty()) {
            return Hash.ZERO;
        }
        MessageDigest md = Hash.sha256();
        byte[][] level = new byte[items.size()][];
        for (int i = 0; i < level.length; i++) {
            md.update((byte) 0);
            md.update(items.get(i).unsafeBytes());
            level[i] = md.digest();
        }
        int n = level.length;
        while (n > 1) {
            int m = (n + 1) / 2;
            for (int i = 0; i < n / 2; i++) {
                md.update((byte) 1);
                md.update(level[2 * i]);
                md.update(level[2 * i + 1]);
                level[i] = md.digest();
            }
            if ((n & 1) == 1) {
                level[m - 1] = level[n - 1];
            }
            n = m;
        }
        return new Hash(level[0]);
    }
}
