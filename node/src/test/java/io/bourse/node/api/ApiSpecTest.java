package io.bourse.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/api.yaml is a valid OpenAPI 3 document, as a real parser reads it. // covers: O2, O5 */
class ApiSpecTest {
    @Test
    void apiYamlParsesWithoutAnyMessage() {
        var result = ApiSpec.parse();
        assertThat(result.getMessages()).as("what swagger-parser refused in docs/api.yaml").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
    }

    @Test
    void everyDocumentedRouteHasAResponseAndEverySchemaPropertyHasAType() {
        var api = ApiSpec.openApi();
        assertThat(api.getPaths()).isNotEmpty();
        List<String> untyped = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((m, op) -> {
            assertThat(op.getResponses()).as(m + " " + path).isNotEmpty();
        }));
        api.getComponents().getSchemas().forEach((name, s) -> properties(name, s, untyped));
        assertThat(untyped).as("a stray key in a flow mapping (an unquoted comma) shows as an untyped property")
                .isEmpty();
    }

    @SuppressWarnings("rawtypes")
    private static void properties(String at, Schema s, List<String> untyped) {
        if (s.getProperties() == null) {
            return;
        }
        ((java.util.Map<String, Schema>) s.getProperties()).forEach((k, p) -> {
            if (p.getType() == null && p.get$ref() == null && p.getAllOf() == null && p.getProperties() == null) {
                untyped.add(at + "." + k);
            }
            properties(at + "." + k, p, untyped);
        });
    }

    @Test
    void theValidatorRefusesAnswersThatBreakTheirSchema() {
        var bad = io.bourse.p2p.http.HttpResponse.json(200, "{\"height\": \"ten\", \"role\": \"king\"}");
        assertThat(ApiSpec.problems("GET", "/v1/status", bad))
                .anyMatch(p -> p.contains("$.height")).anyMatch(p -> p.contains("king"))
                .anyMatch(p -> p.contains("required field generator"));
        assertThat(ApiSpec.patternOf("/v1/blocks/latest")).hasValue("/v1/blocks/{height}");
        assertThat(ApiSpec.patternOf("/v1/contracts/bx1/performance")).hasValue("/v1/contracts/{address}/performance");
        assertThat(ApiSpec.patternOf("/v1/nothing")).isEmpty();
        var noError = io.bourse.p2p.http.HttpResponse.json(400, "{\"field\": \"height\"}");
        assertThat(ApiSpec.problems(List.of(new ApiHarness.Exchange("GET", "/v1/blocks/x", noError))))
                .singleElement().asString().contains("required field error");
        var undocumented = io.bourse.p2p.http.HttpResponse.json(418, "{}");
        assertThat(ApiSpec.problems("GET", "/v1/status", undocumented)).singleElement()
                .asString().contains("status not documented");
    }
}
