package io.bourse.p2p.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One aggregated HTTP request.
 *
 * @param method  upper-case method name, e.g. {@code GET}
 * @param path    the decoded path without the query string, e.g. {@code /blocks/12}
 * @param query   decoded query parameters, each with its values in order
 * @param headers header names in lower case; repeated headers joined with {@code ", "}
 * @param body    the request body (empty if none); copied in and out
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                          byte[] body) {
    public HttpRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** A header by name, in any case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
