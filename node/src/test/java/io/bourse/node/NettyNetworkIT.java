package io.bourse.node;

import io.bourse.config.NodeConfig;

/** The small-network suite over the real Netty transport on loopback. // covers: C10, C11 */
class NettyNetworkIT extends SmallNetworkContract {
    @Override
    Node start(NodeConfig config) throws Exception {
        return new Node(config);
    }
}
