package io.bourse.p2p.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Our {@link HttpResponse} as a Netty response. */
final class NettyResponses {
    private NettyResponses() {
    }

    static FullHttpResponse of(HttpResponse r) {
        byte[] body = r.body();
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(body));
        r.headers().forEach((name, value) -> out.headers().set(name, value));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return out;
    }

    /** A JSON error that also ends the connection. */
    static FullHttpResponse closing(int status, String message) {
        FullHttpResponse out = of(HttpResponse.error(status, message));
        out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return out;
    }
}
