package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** api/openapi.yaml is a valid OpenAPI document, and what the runner answers is what it documents. */
class OpenApiTest {
    static OpenAPI api;
    static LocalRunner runner;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readLocation("../api/openapi.yaml", null, options);
        api = parsed.getOpenAPI();
        assertNotNull(api, String.valueOf(parsed.getMessages()));
        assertEquals(List.of(), parsed.getMessages(), "the parser's complaints about api/openapi.yaml");
        runner = LocalRunner.start(TestRunners.options("OpenApiTest"));
        client = new ApiClient(runner.apiBase());
    }

    @AfterAll
    static void stop() {
        if (runner != null) runner.close();
    }

    @Test
    void openapi_yaml_is_a_valid_openapi_3_document_with_both_endpoints() {
        assertTrue(api.getPaths().containsKey("/orchestrate"));
        assertTrue(api.getPaths().containsKey("/trends"));
        assertTrue(api.getPaths().containsKey("/jobs/{job_id}"));
        assertTrue(api.getPaths().containsKey("/jobs"));
    }

    @Test
    void runner_replies_match_the_documented_responses() throws Exception {
        String orchestrate = check("/orchestrate", client.post("/orchestrate",
                "{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\"]}"))
                .get("job_id").asText();
        String csv = "Month,AI diagnostics: (Worldwide)\\n2024-01,10\\n2024-02,14\\n2024-03,19\\n2024-04,22\\n2024-05,28\\n";
        String trends = check("/trends", client.post("/trends",
                "{\"industry\":\"healthcare\",\"keywords\":[{\"term\":\"AI diagnostics\",\"weight\":0.9}],\"series_csv\":\"" + csv + "\"}"))
                .get("job_id").asText();
        client.awaitFinal("/orchestrate", orchestrate, Duration.ofSeconds(60));
        client.awaitFinal("/trends", trends, Duration.ofSeconds(60));
        JsonNode polled = check("/orchestrate", client.post("/orchestrate", "{\"job_id\":\"" + orchestrate + "\"}"));
        check("/trends", client.post("/trends", "{\"job_id\":\"" + trends + "\"}"));
        assertEquals(polled, check("/jobs/{job_id}", "get", client.get("/jobs/" + orchestrate)), "GET answers as the poll does");
        check("/jobs/{job_id}", "get", client.get("/jobs/" + trends));
        check("/jobs/{job_id}", "get", client.get("/jobs/00000000-0000-4000-8000-000000000000"));
        check("/jobs/{job_id}", "get", client.get("/jobs/not-a-uuid"));
        check("/jobs/{job_id}", "delete", client.delete("/jobs/" + orchestrate)); // finished: 409
        check("/jobs/{job_id}", "delete", client.delete("/jobs/00000000-0000-4000-8000-000000000000"));
        JsonNode listed = check("/jobs", "get", client.get("/jobs?limit=1"));
        assertEquals(1, listed.get("jobs").size());
        check("/jobs", "get", client.get("/jobs?limit=1&cursor=" + listed.get("next_cursor").asText()));
        check("/jobs", "get", client.get("/jobs?type=trends&status=COMPLETED"));
        check("/jobs", "get", client.get("/jobs?limit=1000"));
        check("/orchestrate", client.post("/orchestrate", "{\"industry\":\"healthcare\"}"));
        check("/trends", client.post("/trends", "{\"job_id\":\"00000000-0000-4000-8000-000000000000\"}"));
        check("/trends", client.post("/trends", "{\"industry\":\"x\",\"keywords\":[]} trailing"));
    }

    /** The reply's status is documented for the path, and its body fits the documented schema. */
    private static JsonNode check(String path, HttpResponse<String> reply) throws Exception {
        return check(path, "post", reply);
    }

    private static JsonNode check(String path, String method, HttpResponse<String> reply) throws Exception {
        var item = api.getPaths().get(path);
        var operation = switch (method) {
            case "get" -> item.getGet();
            case "delete" -> item.getDelete();
            default -> item.getPost();
        };
        ApiResponse documented = operation.getResponses().get(Integer.toString(reply.statusCode()));
        assertNotNull(documented, path + " answered " + reply.statusCode() + ", which openapi.yaml does not document");
        if (documented.get$ref() != null) documented = api.getComponents().getResponses().get(name(documented.get$ref()));
        JsonNode body = ApiClient.JSON.readTree(reply.body());
        List<String> violations = new ArrayList<>();
        validate(documented.getContent().get("application/json").getSchema(), body, "$", violations);
        assertEquals(List.of(), violations, path + " " + reply.statusCode() + " " + reply.body());
        return body;
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The parts of JSON Schema the document uses: $ref, allOf, oneOf, type, required, properties, items, enum, nullable. */
    @SuppressWarnings("rawtypes")
    private static void validate(Schema schema, JsonNode node, String at, List<String> violations) {
        if (schema.get$ref() != null) schema = api.getComponents().getSchemas().get(name(schema.get$ref()));
        if (node.isNull() && Boolean.TRUE.equals(schema.getNullable())) return;
        if (schema.getAllOf() != null) {
            for (Object part : schema.getAllOf()) validate((Schema) part, node, at, violations);
        }
        if (schema.getOneOf() != null) {
            boolean any = false;
            for (Object option : schema.getOneOf()) {
                List<String> optionViolations = new ArrayList<>();
                validate((Schema) option, node, at, optionViolations);
                any |= optionViolations.isEmpty();
            }
            if (!any) violations.add(at + " matches none of its oneOf schemas");
        }
        String type = schema.getType();
        if (type != null) {
            boolean fits = switch (type) {
                case "string" -> node.isTextual();
                case "integer" -> node.isIntegralNumber();
                case "number" -> node.isNumber();
                case "boolean" -> node.isBoolean();
                case "array" -> node.isArray();
                case "object" -> node.isObject();
                default -> true;
            };
            if (!fits) {
                violations.add(at + " is not a " + type + ": " + node);
                return;
            }
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()
                && schema.getEnum().stream().noneMatch(e -> String.valueOf(e).equals(node.asText()))) {
            violations.add(at + " = " + node + " is not one of " + schema.getEnum());
        }
        if (node.isObject()) {
            if (schema.getRequired() != null) {
                for (Object required : schema.getRequired()) {
                    if (!node.has((String) required)) violations.add(at + " lacks required " + required);
                }
            }
            if (schema.getProperties() != null) {
                for (Object entry : schema.getProperties().entrySet()) {
                    var property = (java.util.Map.Entry) entry;
                    JsonNode value = node.get((String) property.getKey());
                    if (value != null) validate((Schema) property.getValue(), value, at + "." + property.getKey(), violations);
                }
            }
        }
        if (node.isArray() && schema.getItems() != null) {
            for (int i = 0; i < node.size(); i++) validate(schema.getItems(), node.get(i), at + "[" + i + "]", violations);
        }
    }
}
