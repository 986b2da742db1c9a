package io.bourse.p2p;

import io.bourse.core.types.PublicKey;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake node: records what the peer network tells it. */
final class RecordingListener implements PeerListener {
    record Received(PublicKey from, int channel, byte[] payload) {
    }

    final ConcurrentLinkedQueue<Received> messages = new ConcurrentLinkedQueue<>();
    final List<PublicKey> connected = new CopyOnWriteArrayList<>();
    final List<PublicKey> disconnected = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(PublicKey from, int channel, byte[] payload) {
        messages.add(new Received(from, channel, payload));
    }

    @Override
    public void onConnected(PublicKey peer) {
        connected.add(peer);
    }

    @Override
    public void onDisconnected(PublicKey peer) {
        disconnected.add(peer);
    }

    long countFrom(PublicKey from) {
        return messages.stream().filter(m -> m.from().equals(from)).count();
    }
}
