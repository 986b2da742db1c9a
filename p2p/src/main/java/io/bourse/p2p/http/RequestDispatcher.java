package io.bourse.p2p.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node's {@link HttpHandler} for each aggregated request. It sits on the server's handler
 * executor group, not on an event loop, so a handler that blocks briefly stalls no socket; one
 * connection's requests run in order on one thread, so pipelined responses keep their order.
 * Malformed requests get a 400, handler exceptions a 500, both with a JSON error body.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final HttpHandler handler;
    private final Duration heartbeat;

    RequestDispatcher(HttpHandler handler, Duration heartbeat) {
        this.handler = handler;
        this.heartbeat = heartbeat;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            String why = req.decoderResult().cause().getMessage();
            ctx.writeAndFlush(NettyResponses.closing(400, "malformed HTTP request" + (why == null ? "" : ": " + why)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpRequest request;
        try {
            request = convert(req);
        } catch (IllegalArgumentException e) {
            ctx.writeAndFlush(NettyResponses.of(HttpResponse.error(400, "malformed request URI: " + e.getMessage())));
            return;
        }
        HttpResponse response = call(request);
        if (response.isStream()) {
            openStream(ctx, response);
        } else {
            ctx.writeAndFlush(NettyResponses.of(response));
        }
    }

    private HttpResponse call(HttpRequest request) {
        try {
            HttpResponse response = handler.handle(request);
            if (response == null) {
                throw new IllegalStateException("the handler returned no response");
            }
            return response;
        } catch (Exception e) {
            log.error("HTTP handler failed on {} {}", request.method(), request.path(), e);
            return HttpResponse.error(500, "internal error");
        }
    }

    private void openStream(ChannelHandlerContext ctx, HttpResponse response) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
        response.headers().forEach((name, value) -> head.headers().set(name, value));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        SseSink sink = new SseSink(ctx.channel(), heartbeat);
        try {
            response.stream().accept(sink);
        } catch (RuntimeException e) {
            log.error("event stream handler failed", e);
            sink.close();
        }
    }

    static HttpRequest convert(FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : req.headers()) {
            headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
        }
        return new HttpRequest(req.method().name(), uri.path(), uri.parameters(), headers, ByteBufUtil.getBytes(req.content()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
