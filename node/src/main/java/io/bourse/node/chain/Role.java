package io.bourse.node.chain;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.PublicKey;
import java.util.Locale;

/** A node's role comes from its key's place in the Network Parameters in force, never from a flag (C1). */
public enum Role {
    GENERATOR, SIGNER, EXECUTION_SERVER, OBSERVER;

    public static Role of(PublicKey key, NetworkParameters p) {
        if (p.blockGenerator().equals(key)) {
            return GENERATOR;
        }
        if (p.isSigner(key)) {
            return SIGNER;
        }
        if (p.executionServers().contains(key)) {
            return EXECUTION_SERVER;
        }
        return OBSERVER;
    }

    /** "generator", "signer", "execution-server", "observer". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
