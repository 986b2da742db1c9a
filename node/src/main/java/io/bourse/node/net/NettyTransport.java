package io.bourse.node.net;

import io.bourse.config.NodeConfig;
import io.bourse.core.types.PublicKey;
import io.bourse.p2p.P2pOptions;
import io.bourse.p2p.PeerListener;
import io.bourse.p2p.PeerNetwork;
import java.net.InetSocketAddress;
import java.util.Set;

/** {@link Transport} over the authenticated Netty peer network (p2p module). */
public final class NettyTransport implements Transport {
    private final PeerNetwork peers;

    private NettyTransport(PeerNetwork peers) {
        this.peers = peers;
    }

    /** Listens on the config's p2p address and keeps connections to its configured peers. */
    public static Transport.Factory from(NodeConfig config) {
        return (identity, chain, authorizer, listener) -> {
            PeerListener adapter = new PeerListener() {
                @Override
                public void onMessage(PublicKey from, int channel, byte[] payload) {
                    listener.onMessage(from, channel, payload);
                }

                @Override
                public void onConnected(PublicKey peer) {
                    listener.onConnected(peer);
                }

                @Override
                public void onDisconnected(PublicKey peer) {
                    listener.onDisconnected(peer);
                }
            };
            PeerNetwork net = new PeerNetwork(identity, chain, config.p2pListen().socketAddress(), authorizer, adapter,
                    P2pOptions.defaults());
            net.start();
            config.peers().forEach(p -> net.connect(p.socketAddress()));
            return new NettyTransport(net);
        };
    }

    @Override
    public int port() {
        return peers.port();
    }

    @Override
    public boolean send(PublicKey peer, int channel, byte[] payload) {
        return peers.send(peer, channel, payload);
    }

    @Override
    public int broadcast(int channel, byte[] payload) {
        return peers.broadcast(channel, payload);
    }

    @Override
    public Set<PublicKey> connectedPeers() {
        return peers.connectedPeers();
    }

    @Override
    public void revalidate() {
        peers.revalidate();
    }

    @Override
    public void connect(InetSocketAddress address) {
        peers.connect(address);
    }

    @Override
    public Traffic traffic() {
        var m = peers.metrics();
        return new Traffic(m.bytesIn(), m.bytesOut(), m.messagesIn(), m.messagesOut(),
                m.sendsDroppedNotWritable() + m.sendsDroppedNotConnected());
    }

    @Override
    public void close() {
        peers.close();
    }
}
