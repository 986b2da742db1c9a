package io.bourse.p2p.http;

import java.time.Duration;

/**
 * Limits of the HTTP server.
 *
 * @param maxBodyBytes        largest request body; a larger one gets 413
 * @param maxInitialLineBytes longest request line; longer is a 400
 * @param maxHeaderBytes      total size of the request headers; more is a 400
 * @param handlerThreads      threads that run the {@link HttpHandler} (off the event loops)
 * @param ioThreads           Netty event-loop threads
 * @param idleTimeout         a connection with no traffic either way for this long is closed
 * @param heartbeat           how often a quiet event stream gets a comment line
 * @param maxConnections      open connections, event streams included
 */
public record HttpOptions(int maxBodyBytes, int maxInitialLineBytes, int maxHeaderBytes, int handlerThreads,
                          int ioThreads, Duration idleTimeout, Duration heartbeat, int maxConnections) {
    public HttpOptions {
        if (maxBodyBytes < 0 || maxInitialLineBytes < 64 || maxHeaderBytes < 256 || handlerThreads < 1 || ioThreads < 1
                || maxConnections < 1) {
            throw new IllegalArgumentException("invalid HTTP options: " + maxBodyBytes + "/" + maxInitialLineBytes + "/"
                    + maxHeaderBytes + "/" + handlerThreads + "/" + ioThreads + "/" + maxConnections);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()
                || heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("idleTimeout and heartbeat must be positive");
        }
        if (heartbeat.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("heartbeat must be shorter than idleTimeout, or quiet streams would be closed");
        }
    }

    /** 1 MiB bodies, 4 handler threads, 60 s idle timeout, 15 s stream heartbeat, 1,024 connections. */
    public static HttpOptions defaults() {
        return new HttpOptions(1 << 20, 4096, 16 * 1024, 4, 1, Duration.ofSeconds(60), Duration.ofSeconds(15), 1024);
    }

    public HttpOptions withMaxBodyBytes(int bytes) {
        return new HttpOptions(bytes, maxInitialLineBytes, maxHeaderBytes, handlerThreads, ioThreads, idleTimeout,
                heartbeat, maxConnections);
    }

    public HttpOptions withTimeouts(Duration idle, Duration heartbeatEvery) {
        return new HttpOptions(maxBodyBytes, maxInitialLineBytes, maxHeaderBytes, handlerThreads, ioThreads, idle,
                heartbeatEvery, maxConnections);
    }
}
