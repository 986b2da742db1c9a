package io.bourse.node.api;

import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The explorer (O6): static files from the node's jar, a single page application that reads only
 * the public API. {@code /} is its page, {@code /explorer/…} its scripts and styles,
 * {@code /api-docs} Swagger UI on {@code /api.yaml} (docs/api.yaml, copied into the jar by the
 * build), {@code /webjars/NAME/…} the files of the WebJars it uses (uPlot, Swagger UI) at the
 * versions the build pinned. Nothing else is served: a path with {@code ..}, a backslash or an
 * unknown WebJar is not found. Turned off by {@code api.explorer: false}.
 */
final class Explorer {
    private static final String ROOT = "io/bourse/node/explorer/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "yaml", "application/yaml; charset=utf-8",
            "png", "image/png", "svg", "image/svg+xml", "json", "application/json; charset=utf-8",
            "map", "application/json; charset=utf-8", "txt", "text/plain; charset=utf-8");

    private final Map<String, String> webjarVersions;

    Explorer() {
        Properties p = new Properties();
        try (InputStream in = resource(ROOT + "webjars.properties")) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + ROOT + "webjars.properties");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.webjarVersions = Map.of("uplot", p.getProperty("uplot"), "swagger-ui", p.getProperty("swagger-ui"));
    }

    /** The file for a GET of this path, if it is one of the explorer's; empty for every other path. */
    Optional<HttpResponse> serve(HttpRequest req) {
        if (!req.method().equals("GET")) {
            return Optional.empty();
        }
        String path = req.path();
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            return Optional.empty();
        }
        if (path.equals("/")) {
            return file(ROOT + "index.html");
        }
        if (path.equals("/api-docs") || path.equals("/api-docs/")) {
            return file(ROOT + "api-docs.html");
        }
        if (path.equals("/api.yaml")) {
            return file(ROOT + "api.yaml");
        }
        if (path.startsWith("/explorer/") && path.length() > "/explorer/".length()) {
            return file(ROOT + "static/" + path.substring("/explorer/".length()));
        }
        if (path.startsWith("/webjars/")) {
            String rest = path.substring("/webjars/".length());
            int slash = rest.indexOf('/');
            String version = slash < 0 ? null : webjarVersions.get(rest.substring(0, slash));
            return version == null ? Optional.empty()
                    : file("META-INF/resources/webjars/" + rest.substring(0, slash) + "/" + version + rest.substring(slash));
        }
        return Optional.empty();
    }

    private static Optional<HttpResponse> file(String name) {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = resource(name)) {
            if (in == null) {
                return Optional.empty();
            }
            String cache = name.startsWith("META-INF/") ? "public, max-age=86400" : "no-cache";
            return Optional.of(new HttpResponse(200, type, in.readAllBytes()).withHeader("cache-control", cache));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        return Explorer.class.getClassLoader().getResourceAsStream(name);
    }
}
