package io.bourse.p2p;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;

/**
 * Tells Netty how many bytes a queued {@link Frame} will take, so that the write-buffer water marks
 * count frames written from outside the event loop at their real size rather than as 8 bytes.
 */
final class FrameSizeEstimator implements MessageSizeEstimator {
    static final FrameSizeEstimator INSTANCE = new FrameSizeEstimator();
    private static final Handle HANDLE = new Handle() {
        private final Handle fallback = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public int size(Object msg) {
            return msg instanceof Frame f ? 4 + f.wireSize() : fallback.size(msg);
        }
    };

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
