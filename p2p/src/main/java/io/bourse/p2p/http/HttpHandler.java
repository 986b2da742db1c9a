package io.bourse.p2p.http;

/**
 * The node's API behind {@link HttpServer}. Called on one of the server's handler threads (never
 * on a Netty event loop), so it may block briefly; requests on one connection are handled one at a
 * time, in order. An exception becomes a 500 with {@code {"error":"internal error"}} and a log line;
 * expected failures should be returned as responses with a clear message instead.
 */
@FunctionalInterface
public interface HttpHandler {
    HttpResponse handle(HttpRequest request) throws Exception;
}
