package io.bourse.node;

import io.bourse.config.NodeConfig;

/** The small-network suite over the in-memory transport. */
class LocalNetworkIT extends SmallNetworkContract {
    private final LocalNetwork network = new LocalNetwork();

    @Override
    Node start(NodeConfig config) throws Exception {
        return new Node(config, network.factory());
    }
}
