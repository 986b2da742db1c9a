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
                         int mempoolMaxCommitments, int mempoolMaxPerSender, long storageBlockCacheBytes,
                         ContractsConfig contracts, boolean apiExplorer) {
    /** A configuration with the default contract settings and the explorer on. */
    public NodeConfig(String name, Path dataDir, Path keyFile, Path genesisFile, HostPort p2pListen, List<HostPort> peers,
                      int p2pMaxObservers, HostPort apiListen, int apiMaxBodyBytes, boolean apiCors,
                      int mempoolMaxCommitments, int mempoolMaxPerSender, long storageBlockCacheBytes) {
        this(name, dataDir, keyFile, genesisFile, p2pListen, peers, p2pMaxObservers, apiListen, apiMaxBodyBytes, apiCors,
                mempoolMaxCommitments, mempoolMaxPerSender, storageBlockCacheBytes, ContractsConfig.DEFAULTS);
    }

    /** A configuration with the explorer on ({@code api.explorer}, the default). */
    public NodeConfig(String name, Path dataDir, Path keyFile, Path genesisFile, HostPort p2pListen, List<HostPort> peers,
                      int p2pMaxObservers, HostPort apiListen, int apiMaxBodyBytes, boolean apiCors,
                      int mempoolMaxCommitments, int mempoolMaxPerSender, long storageBlockCacheBytes,
                      ContractsConfig contracts) {
        this(name, dataDir, keyFile, genesisFile, p2pListen, peers, p2pMaxObservers, apiListen, apiMaxBodyBytes, apiCors,
                mempoolMaxCommitments, mempoolMaxPerSender, storageBlockCacheBytes, contracts, true);
    }

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(genesisFile, "genesisFile");
        Objects.requireNonNull(p2pListen, "p2p.listen");
        Objects.requireNonNull(apiListen, "api.listen");
        Objects.requireNonNull(contracts, "contracts");
        peers = List.copyOf(peers);
        if (p2pMaxObservers < 0) {
            throw new IllegalArgumentException("p2p.maxObservers must not be negative");
        }
    }
}
