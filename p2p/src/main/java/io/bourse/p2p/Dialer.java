package io.bourse.p2p;

import io.bourse.core.types.PublicKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one outbound connection to an address up. After a failed attempt or a lost connection it
 * waits {@code min(reconnectMax, reconnectInitial × 2^failures)}, jittered to between half and all
 * of that, then dials again; a connection that authenticates resets the count. While the peer last
 * found at this address is connected some other way (it dialled us, and won the duplicate rule),
 * the dialer waits instead of dialling, and wakes when that connection goes. All state lives on
 * one event loop.
 */
final class Dialer {
    private static final Logger log = LoggerFactory.getLogger(Dialer.class);

    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final P2pOptions options;
    private final PeerTable table;
    private boolean stopped;
    private int failures;
    private PublicKey knownKey;
    private Channel current;
    private ScheduledFuture<?> pending;

    Dialer(InetSocketAddress address, Bootstrap bootstrap, P2pOptions options, PeerTable table) {
        this.address = address;
        this.bootstrap = bootstrap.clone().attr(PeerChannels.DIALER, this);
        this.loop = bootstrap.config().group().next();
        this.options = options;
        this.table = table;
    }

    InetSocketAddress address() {
        return address;
    }

    void start() {
        loop.execute(this::dial);
    }

    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
            }
        });
    }

    /** Called from the connection's pipeline once the peer is verified. */
    void authenticated(PublicKey key) {
        loop.execute(() -> {
            failures = 0;
            knownKey = key;
        });
    }

    /** The peer's live connection (perhaps not ours) went away: if we are waiting on it, dial soon. */
    void peerGone(PublicKey key) {
        loop.execute(() -> {
            if (!stopped && key.equals(knownKey) && current == null && pending != null) {
                pending.cancel(false);
                pending = loop.schedule(this::dial, jitter(options.reconnectInitial().toNanos()), TimeUnit.NANOSECONDS);
            }
        });
    }

    private void dial() {
        pending = null;
        if (stopped || current != null) {
            return;
        }
        if (knownKey != null && table.channel(knownKey) != null) {
            pending = loop.schedule(this::dial, jitter(options.reconnectMax().toNanos()), TimeUnit.NANOSECONDS);
            return;
        }
        ChannelFuture f = bootstrap.connect(address);
        current = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                log.debug("connecting to {} failed: {}", address, done.cause().toString());
                f.channel().close();
            }
        });
        f.channel().closeFuture().addListener(closed -> loop.execute(this::closed));
    }

    private void closed() {
        current = null;
        if (stopped || pending != null) {
            return;
        }
        long delay = backoff();
        failures++;
        pending = loop.schedule(this::dial, delay, TimeUnit.NANOSECONDS);
    }

    private long backoff() {
        long max = options.reconnectMax().toNanos();
        long d = options.reconnectInitial().toNanos();
        for (int i = 0; i < failures && d < max; i++) {
            d *= 2;
        }
        return jitter(Math.min(d, max));
    }

    private static long jitter(long nanos) {
        long half = nanos / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }
}
