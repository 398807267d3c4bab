package com.keywordtrend.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.auth.LocalAuthorizer;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.local.trace.TraceCollector;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Api events of template.yaml on 127.0.0.1 as API Gateway's Lambda proxy integration
 * does: each request becomes a REST API proxy event (JSON) for the route's function, and the
 * function's {statusCode, headers, body} becomes the reply.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API Gateway's payload limit. */
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** API Gateway's quota on the request line and headers together. */
    static final int MAX_HEADER_BYTES = 10 * 1024;

    /** A route's integration: its function, and whether the authorizer guards it (Auth: Authorizer: NONE does not). */
    public record Target(LocalFunction function, boolean authorized) {
    }

    private final HttpServer server;
    private final Map<String, Map<String, Target>> routes;
    private final LocalAuthorizer authorizer;
    private final ConsoleFiles console;
    private final TraceCollector traces;
    /** The runner's own route (not in template.yaml): a job's traces, for the console's trace view. */
    public static final String TRACES_PATH = "/_local/traces";

    /**
     * @param routes     path → (METHOD → target)
     * @param authorizer checks the tokens of authorized routes; null serves every route without one (as API
     *                   Gateway does when the template's authorizer is off)
     * @param console    the web console's files, served where no API route matches
     * @param traces     the collector whose traces {@value #TRACES_PATH} answers
     */
    public ApiServer(int port, Map<String, Map<String, Target>> routes, LocalAuthorizer authorizer, ConsoleFiles console,
              TraceCollector traces) throws IOException {
        Dynoxide.requireFree(port, "--port");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.routes = routes;
        this.authorizer = authorizer;
        this.console = console;
        this.traces = traces;
        server.createContext("/", this::route);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The route whose path (a template such as /jobs/{job_id}) matches the request, as API Gateway picks it. */
    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        for (Map.Entry<String, Map<String, Target>> route : routes.entrySet()) {
            Map<String, String> parameters = match(route.getKey(), path);
            if (parameters != null) {
                handle(exchange, route.getKey(), parameters, route.getValue());
                return;
            }
        }
        if (path.equals(TRACES_PATH)) {
            serveTraces(exchange);
            return;
        }
        if (console.serves(path)) {
            console.serve(exchange);
            return;
        }
        try (exchange) {
            respond(exchange, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"Not Found\"}");
        }
    }

    /** GET /_local/traces?job_id=…: the traces that job appears in (the runner's collector; AWS has X-Ray for it). */
    private void serveTraces(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode query = JSON.createObjectNode();
            queryParameters(exchange.getRequestURI().getRawQuery(), query);
            String jobId = query.path("queryStringParameters").path("job_id").asText("");
            if (!exchange.getRequestMethod().equalsIgnoreCase("GET") || jobId.isBlank()) {
                respond(exchange, 400, Map.of("Content-Type", "application/json"), "{\"message\":\"GET with ?job_id=\"}");
                return;
            }
            if (authorizer != null && !callerSeesJob(exchange, jobId)) {
                // another owner's job, or none: the same answer, so that the traces tell nobody a job exists
                respond(exchange, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"Not Found\"}");
                return;
            }
            respond(exchange, 200, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                    traces.tracesOf(jobId).toString());
        }
    }

    /**
     * Whether the caller's token is valid and the job is theirs, as the API itself decides it: the
     * job route's function is asked with the caller's claims (ownership stays in one place).
     */
    private boolean callerSeesJob(HttpExchange exchange, String jobId) {
        Map<String, String> claims;
        try {
            claims = authorizer.claims(exchange.getRequestHeaders().getFirst("Authorization"));
        } catch (LocalAuthorizer.Unauthorized e) {
            return false;
        }
        String resource = "/jobs/{job_id}";
        Target target = routes.getOrDefault(resource, Map.of()).get("GET");
        if (target == null) return false;
        String event = toEvent(exchange, resource, "/jobs/" + jobId, Map.of("job_id", jobId), "GET", new byte[0], claims);
        try {
            return JSON.readTree(target.function().invoke(event)).path("statusCode").asInt() == 200;
        } catch (LocalFunction.FunctionErrorException | IOException e) {
            return false;
        }
    }

    /** The path parameters when {@code path} fits {@code template} segment by segment, else null. */
    static Map<String, String> match(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) return null;
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
                if (actual[i].isEmpty()) return null;
                parameters.put(expected[i].substring(1, expected[i].length() - 1),
                        java.net.URLDecoder.decode(actual[i], StandardCharsets.UTF_8));
            } else if (!expected[i].equals(actual[i])) {
                return null;
            }
        }
        return parameters;
    }

    private void handle(HttpExchange exchange, String resource, Map<String, String> parameters,
                        Map<String, Target> methods) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Target target = methods.get(method);
            if (target == null) {
                // API Gateway answers a method with no integration with 403 Missing Authentication Token
                respond(exchange, 403, Map.of("Content-Type", "application/json"),
                        "{\"message\":\"Missing Authentication Token\"}");
                return;
            }
            if (headerBytes(exchange) > MAX_HEADER_BYTES) {
                // API Gateway's quota on a request's headers (a 100 KB token never reaches the authorizer)
                respond(exchange, 431, Map.of("Content-Type", "application/json"), "{\"message\":\"Request headers too large\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                respond(exchange, 413, Map.of("Content-Type", "application/json"), "{\"message\":\"Request too large\"}");
                return;
            }
            Map<String, String> claims = null;
            if (authorizer != null && target.authorized()) {
                try {
                    claims = authorizer.claims(exchange.getRequestHeaders().getFirst("Authorization"));
                } catch (LocalAuthorizer.Unauthorized e) {
                    // API Gateway's answer: the function never runs
                    respond(exchange, 401, Map.of("Content-Type", "application/json"),
                            JSON.createObjectNode().put("message", e.getMessage()).toString());
                    return;
                }
            }
            String event = toEvent(exchange, resource, path, parameters, method, body, claims);
            try {
                JsonNode reply = JSON.readTree(target.function().invoke(event));
                Map<String, String> headers = new HashMap<>();
                reply.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
                respond(exchange, reply.path("statusCode").asInt(502), headers, reply.path("body").asText(""));
            } catch (LocalFunction.FunctionErrorException | IOException e) {
                LOG.error("function error on {} {}: {}", method, path, e.getMessage());
                // what API Gateway answers when the integration fails
                respond(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal server error\"}");
            }
        }
    }

    /** The request line and headers, as they came: names, values and separators. */
    private static int headerBytes(HttpExchange exchange) {
        int bytes = exchange.getRequestMethod().length() + exchange.getRequestURI().toString().length() + 12;
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) bytes += header.getKey().length() + value.length() + 4;
        }
        return bytes;
    }

    /** The REST API (v1) proxy event, as API Gateway sends it to the function. */
    private static String toEvent(HttpExchange exchange, String resource, String path, Map<String, String> parameters,
                                  String method, byte[] body, Map<String, String> claims) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", resource);
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiValueHeaders = event.putObject("multiValueHeaders");
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, String.join(",", values));
            values.forEach(multiValueHeaders.putArray(name)::add);
        });
        queryParameters(exchange.getRequestURI().getRawQuery(), event);
        if (parameters.isEmpty()) event.putNull("pathParameters");
        else parameters.forEach(event.putObject("pathParameters")::put);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("stage", "local");
        context.put("httpMethod", method);
        context.put("path", path);
        context.put("resourcePath", resource);
        context.putObject("identity").put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        if (claims != null) claims.forEach(context.putObject("authorizer").putObject("claims")::put);
        if (body.length == 0) event.putNull("body");
        else event.put("body", new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    /** queryStringParameters (the last value of each name, as API Gateway keeps it) and multiValueQueryStringParameters; null when none. */
    static void queryParameters(String rawQuery, ObjectNode event) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
            return;
        }
        ObjectNode single = event.putObject("queryStringParameters");
        ObjectNode multi = event.putObject("multiValueQueryStringParameters");
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            single.put(name, value);
            (multi.has(name) ? (com.fasterxml.jackson.databind.node.ArrayNode) multi.get(name) : multi.putArray(name)).add(value);
        }
    }

    /** Sends {@code body} with {@code headers}; the runner's one way to answer over HTTP. */
    public static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
