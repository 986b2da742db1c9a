package io.bourse.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A node's validated configuration, read once at start ({@link NodeConfigs#load}). Paths are
 * absolute (relative ones in the file are resolved against the file's folder). The node's role is
 * not configured: it follows from the key's place in the Network Parameters (C1).
 */
public record NodeConfig(String name, Path dataDir, Path keyFile, Path genesisFile, HostPort p2pListen,
                         List<HostPort> peers, int p2pMaxObservers, HostPort apiListen, int apiMaxBodyBytes, boolean apiCors,
                         int mempoolMaxCommitments, int mempoolMaxPerSender, long storageBlockCacheBytes) {
    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(genesisFile, "genesisFile");
        Objects.requireNonNull(p2pListen, "p2p.listen");
        Objects.requireNonNull(apiListen, "api.listen");
        peers = List.copyOf(peers);
        if (p2pMaxObservers < 0) {
            throw new IllegalArgumentException("p2p.maxObservers must not be negative");
        }
    }
}
