package io.bourse.p2p.http;

import io.bourse.p2p.P2pException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server on Netty for the node's API, with keep-alive, a request body limit, and
 * Server-Sent Events ({@link HttpResponse#stream}). The API sees only this package's types.
 *
 * <p>Protocol stack per connection, socket first: HTTP codec (request line and header limits) →
 * keep-alive → idle timeout → body aggregation (413 above the limit) → dispatch to the
 * {@link HttpHandler} on a handler thread.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final EventExecutorGroup handlers;
    private final ChannelGroup channels = new DefaultChannelGroup("bourse-http", GlobalEventExecutor.INSTANCE);
    private final Channel server;

    private HttpServer(InetSocketAddress bind, HttpHandler handler, HttpOptions options) {
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bourse-http-accept", true), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("bourse-http", true), NioIoHandler.newFactory());
        handlers = new DefaultEventExecutorGroup(options.handlerThreads(), new DefaultThreadFactory("bourse-http-handler", true));
        ServerBootstrap b = new ServerBootstrap().group(acceptors, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1 << 20))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (channels.size() >= options.maxConnections()) {
                            log.warn("refusing HTTP connection from {}: {} connections open", ch.remoteAddress(), channels.size());
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        stack(ch, handler, options);
                    }
                });
        try {
            server = b.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) { // also the BindException Netty rethrows unchecked
            shutdown();
            throw new P2pException("cannot listen for HTTP on " + bind + ": " + e.getMessage(), e);
        }
        log.info("HTTP server listening on {}", server.localAddress());
    }

    private void stack(Channel ch, HttpHandler handler, HttpOptions o) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(o.maxInitialLineBytes()).setMaxHeaderSize(o.maxHeaderBytes())))
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("idle", new IdleStateHandler(0, 0, o.idleTimeout().toNanos(), TimeUnit.NANOSECONDS))
                .addLast("closeOnIdle", new CloseOnIdleHandler())
                .addLast("aggregator", new BodyLimitAggregator(o.maxBodyBytes()))
                .addLast(handlers, "api", new RequestDispatcher(handler, o.heartbeat()));
    }

    /** Binds {@code bind} (port 0 picks a free port) and serves {@code handler} until {@link #close()}. */
    public static HttpServer start(InetSocketAddress bind, HttpHandler handler, HttpOptions options) {
        return new HttpServer(bind, handler, options);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops accepting, closes every connection (event streams included) and stops the threads. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdown();
    }

    /** Event loops first: their last events (channel closed) still go to the handler threads. */
    private void shutdown() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        handlers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
