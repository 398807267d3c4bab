package com.keywordtrend.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.http.LoopbackServer;
import com.keywordtrend.local.iam.Arns;
import com.keywordtrend.local.iam.Decision;
import com.keywordtrend.local.iam.RolePolicy;
import com.keywordtrend.local.iam.TemplatePolicies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint every function's AWS calls go through, as IAM stands between a Lambda function and the
 * services: it knows the caller by the access key of its request's signature (the runner hands each
 * function credentials of its own), evaluates the call against that function's execution role read
 * from template.yaml ({@link TemplatePolicies}), and either forwards it to the emulator or answers it
 * as DynamoDB answers a call its caller may not make: HTTP 400, AccessDeniedException, IAM's message.
 * Signatures are not verified (the emulator does not either): this is about what a role allows, not
 * about who may sign.
 */
public final class IamGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IamGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "accept-encoding", "transfer-encoding");
    /**
     * Shard iterators handed out, the most recent first: an iterator may be used again (the SDK retries,
     * and AWS keeps it valid for 15 minutes), so none is forgotten on use, only the oldest past this many.
     */
    private static final int MAX_TRACKED_ITERATORS = 50_000;

    /** A function as IAM sees it: its execution role, and the access key its calls are signed with. */
    public record Principal(String function, RolePolicy role, String accessKeyId) {
    }

    /** One call IAM evaluated: who, what, on what, and the answer. */
    public record Call(String function, String action, String resource, Decision decision) {
    }

    private final HttpServer server;
    private final HttpClient upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final URI upstream;
    private final Arns arns;
    private final boolean enforce;
    private final Map<String, Principal> byAccessKey = new ConcurrentHashMap<>();
    private final Map<String, Principal> byFunction = new ConcurrentHashMap<>();
    private final Map<String, String> iteratorStreams = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > MAX_TRACKED_ITERATORS;
                }
            });
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();

    /**
     * @param upstream the DynamoDB endpoint behind it (the emulator)
     * @param enforce  false only lets every call through (recorded, with what IAM would have answered): --no-iam
     */
    public IamGateway(String upstream, Arns arns, boolean enforce) throws IOException {
        this.upstream = URI.create(upstream.endsWith("/") ? upstream : upstream + "/");
        this.arns = arns;
        this.enforce = enforce;
        server = LoopbackServer.start(0, 256, "/", this::handle);
    }

    public String endpoint() {
        return LoopbackServer.endpoint(server);
    }

    /** Registers {@code function} with its role and returns the access key id its credentials carry. */
    public Principal register(String function, RolePolicy role) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        // the shape of a role session's key (ASIA…), unique per function and runner
        String accessKeyId = "ASIA" + HexFormat.of().formatHex(random).toUpperCase(Locale.ROOT);
        Principal principal = new Principal(function, role, accessKeyId);
        byAccessKey.put(accessKeyId, principal);
        byFunction.put(function, principal);
        return principal;
    }

    public Principal principal(String function) {
        return byFunction.get(function);
    }

    /** The function whose credentials carry {@code accessKeyId}, or null (for the S3 side, {@link S3IamGateway}). */
    Principal byAccessKey(String accessKeyId) {
        return byAccessKey.get(accessKeyId);
    }

    /** Records a call evaluated elsewhere (S3), so that {@link #calls()} and {@link #denied()} hold every service's. */
    void record(Call call) {
        calls.add(call);
    }

    boolean enforcing() {
        return enforce;
    }

    Arns arns() {
        return arns;
    }

    /** Every distinct call evaluated so far (function, action, resource, decision). */
    public Set<Call> calls() {
        return Set.copyOf(calls);
    }

    /** The calls IAM refused (or, with enforcement off, would have refused). */
    public List<Call> denied() {
        return calls.stream().filter(c -> !c.decision().allowed()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher key = ACCESS_KEY.matcher(authorization == null ? "" : authorization);
            Principal caller = key.find() ? byAccessKey.get(key.group(1)) : null;
            if (caller == null) {
                error(exchange, "com.amazon.coral.service#UnrecognizedClientException", "The security token included in the request is invalid.");
                return;
            }
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String operation = target.substring(target.indexOf('.') + 1);
            if (!target.startsWith("DynamoDB_20120810.") && !target.startsWith("DynamoDBStreams_20120810.")) {
                error(exchange, "com.amazon.coral.service#UnknownOperationException",
                        "The runner's IAM endpoint serves DynamoDB and DynamoDB Streams only, not " + target);
                return;
            }
            JsonNode request = JSON.readTree(body);
            for (DynamoDbRequest.Check check : DynamoDbRequest.checks(operation, request, arns, this::streamOfIterator)) {
                Decision decision = check.resource() == null ? unknownIterator(caller, check.action()) : caller.role().decide(check.action(), check.resource());
                calls.add(new Call(caller.function(), check.action(), check.resource() == null ? "(a stream)" : check.resource(), decision));
                if (decision.allowed()) continue;
                String message = denial(caller, check, decision);
                LOG.warn("IAM: {} denied {} on {} ({}){}", caller.function(), check.action(), check.resource(), caller.role().roleName(),
                        enforce ? "" : "; let through, IAM is off (--no-iam)");
                if (enforce) {
                    error(exchange, "com.amazon.coral.service#AccessDeniedException", message);
                    return;
                }
            }
            forward(exchange, body, request, operation);
        }
    }

    /** An iterator the gateway did not hand out: allowed only where the role may read every stream it could be of. */
    private Decision unknownIterator(Principal caller, String action) {
        List<String> streams;
        synchronized (iteratorStreams) {
            streams = iteratorStreams.values().stream().distinct().toList();
        }
        if (streams.isEmpty()) return Decision.ALLOWED; // no stream was ever read: the store answers the iterator as invalid
        return streams.stream().map(stream -> caller.role().decide(action, stream))
                .filter(d -> !d.allowed()).findFirst().orElse(Decision.ALLOWED);
    }

    private String streamOfIterator(String iterator) {
        return iteratorStreams.get(iterator);
    }

    private String denial(Principal caller, DynamoDbRequest.Check check, Decision decision) {
        String resource = check.resource() == null ? "a stream" : check.resource();
        return "User: " + arns.assumedRole(caller.role().roleName(), caller.function()) + " is not authorized to perform: "
                + check.action() + " on resource: " + resource + (decision == Decision.EXPLICIT_DENY
                ? " with an explicit deny in an identity-based policy"
                : " because no identity-based policy allows the " + check.action() + " action");
    }

    private void forward(HttpExchange exchange, byte[] body, JsonNode request, String operation) throws IOException {
        HttpRequest.Builder upstreamRequest = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().getRawPath().substring(1)))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) return;
            values.forEach(v -> upstreamRequest.header(name, v));
        });
        HttpResponse<byte[]> response;
        try {
            response = upstreamClient.send(upstreamRequest.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // the store is unreachable: the caller sees its connection end, as it would without the gateway
            LOG.debug("IAM gateway: upstream unreachable for {}: {}", operation, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() == 200 && (operation.equals("GetShardIterator") || operation.equals("GetRecords"))) {
            remember(operation, request, response.body());
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] reply = response.body();
        exchange.sendResponseHeaders(response.statusCode(), reply.length == 0 ? -1 : reply.length);
        if (reply.length > 0) exchange.getResponseBody().write(reply);
    }

    /** Which stream each iterator handed out belongs to, so that a GetRecords (which names no stream) can be authorized. */
    private void remember(String operation, JsonNode request, byte[] responseBody) {
        try {
            JsonNode response = JSON.readTree(responseBody);
            if (operation.equals("GetShardIterator")) {
                String stream = arns.canonicalStream(request.path("StreamArn").asText());
                if (stream != null && response.hasNonNull("ShardIterator")) iteratorStreams.put(response.path("ShardIterator").asText(), stream);
            } else {
                String stream = iteratorStreams.get(request.path("ShardIterator").asText());
                if (stream != null && response.hasNonNull("NextShardIterator")) {
                    iteratorStreams.put(response.path("NextShardIterator").asText(), stream);
                }
            }
        } catch (IOException e) {
            // not JSON: nothing to remember
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("__type", type).put("Message", message);
        byte[] body = JSON.writeValueAsBytes(error);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        upstreamClient.close();
    }
}
