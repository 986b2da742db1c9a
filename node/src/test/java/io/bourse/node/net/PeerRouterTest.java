package io.bourse.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Mempool;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.storage.ChainStore;
import io.bourse.storage.MemoryKeyValueStore;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The observer policy (docs/protocol.md): members use every channel; observers are read-only, capped and rate-limited. */
// covers: C10
class PeerRouterTest {
    final PublicKey member = KeyPair.generate().publicKey();
    final List<String> consensusFrom = new ArrayList<>();
    final Set<PublicKey> connected = new LinkedHashSet<>();
    final NodeMetrics metrics = new NodeMetrics();
    long nanos = 1_000_000_000L;
    final SyncServer sync = new SyncServer(new ChainStore(new MemoryKeyValueStore()), metrics,
            Executors.newSingleThreadExecutor());
    final PeerRouter router = new PeerRouter(member::equals, new PeerRouter.ObserverPolicy(2, 10, 3),
            new PeerRouter.Consensus() {
                @Override
                public void onConsensusBytes(PublicKey from, byte[] bytes) {
                    consensusFrom.add(from.address().text());
                }

                @Override
                public void onSyncResponse(PublicKey from, byte[] bytes) {
                }
            }, sync, new Mempool(ChainId.of("router-test"), 10, 10), new Mempool.Committed() {
                @Override
                public long nextNonce(io.bourse.core.types.Address sender) {
                    return 0;
                }

                @Override
                public Optional<io.bourse.core.ledger.Rejection> authority(io.bourse.core.commitment.Commitment c) {
                    return Optional.empty();
                }
            }, metrics, () -> nanos, Executors.newSingleThreadExecutor());

    PeerRouterTest() {
        router.attach(new Transport() {
            @Override
            public int port() {
                return 0;
            }

            @Override
            public boolean send(PublicKey peer, int channel, byte[] payload) {
                return true;
            }

            @Override
            public int broadcast(int channel, byte[] payload) {
                return connected.size();
            }

            @Override
            public Set<PublicKey> connectedPeers() {
                return Set.copyOf(connected);
            }

            @Override
            public void revalidate() {
            }

            @Override
            public void connect(InetSocketAddress address) {
            }

            @Override
            public void close() {
            }
        });
    }

    @AfterEach
    void close() {
        router.close();
        sync.close();
    }

    private double rejected(String reason) {
        String line = metrics.scrape().lines()
                .filter(l -> l.startsWith("bourse_p2p_messages_rejected_total") && l.contains("reason=\"" + reason + "\""))
                .findFirst().orElse("x 0");
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void observersConnectUpToTheirLimitAndMembersAlways() {
        PublicKey a = KeyPair.generate().publicKey();
        PublicKey b = KeyPair.generate().publicKey();
        PublicKey c = KeyPair.generate().publicKey();
        assertThat(router.mayConnect(a)).isTrue();
        connected.add(a);
        assertThat(router.mayConnect(b)).isTrue();
        connected.add(b);
        assertThat(router.mayConnect(c)).as("a third observer, over the limit of 2").isFalse();
        assertThat(router.mayConnect(a)).as("one already connected is re-checked without counting itself").isTrue();
        assertThat(router.mayConnect(member)).isTrue();
    }

    @Test
    void anObserversConsensusMessagesAreDroppedAndCounted() {
        PublicKey observer = KeyPair.generate().publicKey();
        router.onMessage(observer, Channels.CONSENSUS, new byte[] {1});
        router.onMessage(member, Channels.CONSENSUS, new byte[] {1});
        assertThat(consensusFrom).containsExactly(member.address().text());
        assertThat(rejected("observer-consensus")).isEqualTo(1.0);
    }

    @Test
    void anObserverPastItsBurstIsDroppedUntilTheRateRefills() {
        PublicKey observer = KeyPair.generate().publicKey();
        for (int i = 0; i < 5; i++) {
            router.onMessage(observer, Channels.SYNC_REQUEST, new byte[] {0}); // malformed: reaches the sync server
        }
        assertThat(rejected("observer-rate")).as("burst 3 of 5").isEqualTo(2.0);
        nanos += 100_000_000L; // 10 messages/s: one more after 0.1 s
        router.onMessage(observer, Channels.SYNC_REQUEST, new byte[] {0});
        router.onMessage(observer, Channels.SYNC_REQUEST, new byte[] {0});
        assertThat(rejected("observer-rate")).isEqualTo(3.0);
        for (int i = 0; i < 50; i++) {
            router.onMessage(member, Channels.SYNC_REQUEST, new byte[] {0});
        }
        assertThat(rejected("observer-rate")).as("members are not rate-limited here").isEqualTo(3.0);
    }
}
