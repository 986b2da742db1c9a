package io.bourse.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.p2p.http.HttpResponse;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/api.yaml read by a real OpenAPI parser (swagger-parser), and API answers checked against the
 * schema it documents for their route, method and status: types, required fields, enums, patterns,
 * nullability and closed objects. A status the document does not list for the route is a problem too.
 */
final class ApiSpec {
    static final Path FILE = Path.of("..", "docs", "api.yaml");
    private static SwaggerParseResult parsed;

    private ApiSpec() {
    }

    /** The parse result of docs/api.yaml with every {@code $ref} resolved (messages: what the parser refused). */
    static synchronized SwaggerParseResult parse() {
        if (parsed == null) {
            try {
                ParseOptions o = new ParseOptions();
                o.setResolve(true);
                o.setResolveFully(true);
                parsed = new OpenAPIV3Parser().readContents(Files.readString(FILE), null, o);
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot read " + FILE, e);
            }
        }
        return parsed;
    }

    static OpenAPI openApi() {
        return parse().getOpenAPI();
    }

    /** What is wrong with this answer to {@code METHOD pattern} against the document; empty when it conforms. */
    static List<String> problems(String method, String pattern, HttpResponse r) {
        List<String> out = new ArrayList<>();
        PathItem item = openApi().getPaths().get(pattern);
        if (item == null) {
            return List.of("no documented path " + pattern);
        }
        Operation op = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
        if (op == null) {
            return List.of("no documented " + method + " on " + pattern);
        }
        String where = method + " " + pattern + " " + r.status();
        ApiResponse doc = op.getResponses().get(String.valueOf(r.status()));
        if (doc == null) {
            doc = op.getResponses().get("default");
        }
        if (doc == null) {
            return List.of(where + ": status not documented (documented: " + op.getResponses().keySet() + ")");
        }
        if (doc.getContent() == null || doc.getContent().isEmpty()) {
            return out;
        }
        String type = r.contentType().split(";")[0].trim();
        MediaType media = doc.getContent().get(type);
        if (media == null) {
            return List.of(where + ": content type " + type + " not documented (documented: "
                    + doc.getContent().keySet() + ")");
        }
        if (type.equals("application/json") && media.getSchema() != null) {
            JsonNode body = ApiHarness.json(r);
            check(media.getSchema(), body, where + " $", out);
        }
        return out;
    }

    /**
     * The documented path pattern a concrete path falls under ({@code /v1/blocks/7} → {@code
     * /v1/blocks/{height}}), a literal segment winning over a {@code {name}}; empty when none does.
     */
    static java.util.Optional<String> patternOf(String path) {
        String[] segs = path.substring(1).split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String pattern : openApi().getPaths().keySet()) {
            String[] p = pattern.substring(1).split("/", -1);
            if (p.length != segs.length) {
                continue;
            }
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < p.length && ok; i++) {
                if (p[i].startsWith("{")) {
                    ok = !segs[i].isEmpty();
                } else {
                    ok = p[i].equals(segs[i]);
                    literals++;
                }
            }
            if (ok && literals > bestLiterals) {
                best = pattern;
                bestLiterals = literals;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * What is wrong with every answer a harness gave, against the document: each answer to a
     * documented path, but the 405s every route gives to another method (one shape, documented
     * once on {@code MethodNotAllowed}) and event streams.
     */
    static List<String> problems(List<ApiHarness.Exchange> seen) {
        List<String> out = new ArrayList<>();
        for (ApiHarness.Exchange e : seen) {
            if (e.response().status() == 405 || e.response().isStream()) {
                continue;
            }
            patternOf(e.path()).ifPresent(p -> out.addAll(problems(e.method(), p, e.response()).stream()
                    .map(x -> e.path() + ": " + x).toList()));
        }
        return out;
    }

    @SuppressWarnings("rawtypes")
    static void check(Schema s, JsonNode v, String at, List<String> out) {
        if (v.isNull()) {
            if (!Boolean.TRUE.equals(s.getNullable())) {
                out.add(at + ": null where the document allows none");
            }
            return;
        }
        if (s instanceof ComposedSchema c && c.getAllOf() != null) {
            for (Schema part : c.getAllOf()) {
                check(part, v, at, out);
            }
        }
        String type = s.getType();
        if (type != null && !typeMatches(type, s.getFormat(), v)) {
            out.add(at + ": " + kind(v) + " where the document says " + type);
            return;
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()) {
            List<String> allowed = ((List<?>) s.getEnum()).stream().map(String::valueOf).toList();
            if (!allowed.contains(v.asText())) {
                out.add(at + ": " + v + " is not one of " + allowed);
            }
        }
        if (s.getPattern() != null && v.isTextual() && !v.asText().matches(s.getPattern())) {
            out.add(at + ": " + v + " does not match " + s.getPattern());
        }
        if (v.isObject()) {
            checkObject(s, v, at, out);
        } else if (v.isArray() && s.getItems() != null) {
            for (int i = 0; i < v.size(); i++) {
                check(s.getItems(), v.get(i), at + "[" + i + "]", out);
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void checkObject(Schema s, JsonNode v, String at, List<String> out) {
        List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
        for (String r : required) {
            if (!v.has(r)) {
                out.add(at + ": required field " + r + " is missing");
            }
        }
        Map<String, Schema> props = s.getProperties() == null ? Map.of() : s.getProperties();
        Object extra = s.getAdditionalProperties();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            Schema p = props.get(e.getKey());
            if (p != null) {
                check(p, e.getValue(), at + "." + e.getKey(), out);
            } else if (extra instanceof Schema x) {
                check(x, e.getValue(), at + "." + e.getKey(), out);
            } else if (Boolean.FALSE.equals(extra)) {
                out.add(at + ": field " + e.getKey() + " is not documented and the object is closed");
            }
        }
    }

    private static boolean typeMatches(String type, String format, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber() && (!"int32".equals(format) || v.canConvertToInt());
            case "number" -> v.isNumber();
            default -> false;
        };
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
