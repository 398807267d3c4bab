package com.keywordtrend.local.gateway;

import com.keywordtrend.local.http.LoopbackServer;
import com.keywordtrend.local.iam.Arns;
import com.keywordtrend.local.iam.Decision;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IamGateway}'s S3 side: every function's S3 call (path style, as the functions address the
 * emulator) and every presigned URL they hand out comes through here. The caller is the function whose
 * access key signed the request (in its Authorization header, or a presigned URL's X-Amz-Credential:
 * a presigned URL carries its signer's permissions), the action is the object operation (s3:GetObject,
 * s3:PutObject, s3:DeleteObject; s3:ListBucket on the bucket), the resource the object's ARN; a call
 * the role does not allow is answered as S3 answers it: 403, AccessDenied, IAM's message.
 */
public final class S3IamGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3IamGateway.class);
    private static final Pattern HEADER_KEY = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Pattern QUERY_KEY = Pattern.compile("(?:^|&)X-Amz-Credential=([^&%/]+)(?:%2F|/)");
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private final IamGateway iam;
    private final Supplier<CompletableFuture<String>> upstream;
    private final HttpServer server;
    private final HttpClient upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    /** @param upstream the S3 emulator's endpoint, once it has started (asking may start it; calls wait for it) */
    public S3IamGateway(IamGateway iam, Supplier<CompletableFuture<String>> upstream) throws IOException {
        this.iam = iam;
        this.upstream = upstream;
        server = LoopbackServer.start(0, 256, "/", this::handle);
    }

    public String endpoint() {
        return LoopbackServer.endpoint(server);
    }

    /** What one request asks of IAM: the action and the resource, from its method and its path-style address. */
    record Check(String action, String resource) {
    }

    static Check check(String method, String rawPath, String rawQuery, Arns arns) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
        String bucketArn = arns.bucket(bucket);
        if (key.isEmpty()) {
            boolean deleteMany = "POST".equals(method) && rawQuery != null && rawQuery.contains("delete");
            return deleteMany ? new Check("s3:DeleteObject", bucketArn + "/*")
                    : new Check("GET".equals(method) || "HEAD".equals(method) ? "s3:ListBucket" : "s3:CreateBucket", bucketArn);
        }
        String action = switch (method) {
            case "GET", "HEAD" -> "s3:GetObject";
            case "DELETE" -> "s3:DeleteObject";
            default -> "s3:PutObject";
        };
        return new Check(action, bucketArn + "/" + key);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String query = exchange.getRequestURI().getRawQuery();
            Matcher header = HEADER_KEY.matcher(authorization == null ? "" : authorization);
            Matcher presigned = QUERY_KEY.matcher(query == null ? "" : query);
            IamGateway.Principal caller = header.find() ? iam.byAccessKey(header.group(1))
                    : presigned.find() ? iam.byAccessKey(presigned.group(1)) : null;
            if (caller == null) {
                error(exchange, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
                return;
            }
            Check check = check(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query, iam.arns());
            Decision decision = caller.role().decide(check.action(), check.resource());
            iam.record(new IamGateway.Call(caller.function(), check.action(), check.resource(), decision));
            if (!decision.allowed()) {
                LOG.warn("IAM: {} denied {} on {} ({}){}", caller.function(), check.action(), check.resource(), caller.role().roleName(),
                        iam.enforcing() ? "" : "; let through, IAM is off (--no-iam)");
                if (iam.enforcing()) {
                    error(exchange, 403, "AccessDenied", "User: " + iam.arns().assumedRole(caller.role().roleName(), caller.function())
                            + " is not authorized to perform: " + check.action() + " on resource: \"" + check.resource() + "\" "
                            + (decision == Decision.EXPLICIT_DENY ? "with an explicit deny in an identity-based policy"
                            : "because no identity-based policy allows the " + check.action() + " action"));
                    return;
                }
            }
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        String base;
        try {
            base = upstream.get().join();
        } catch (java.util.concurrent.CompletionException e) {
            error(exchange, 503, "ServiceUnavailable", "the S3 emulator did not start");
            return;
        }
        String target = base + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
        });
        HttpResponse<byte[]> response;
        try {
            response = upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // the emulator is unreachable: the caller sees its connection end, as it would without the gateway
            LOG.debug("S3 gateway: upstream unreachable: {}", e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] reply = response.body();
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.statusCode(), head || reply.length == 0 ? -1 : reply.length);
        if (!head && reply.length > 0) exchange.getResponseBody().write(reply);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;") + "</Message><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></Error>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        upstreamClient.close();
    }
}
