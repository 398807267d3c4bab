package com.keywordtrend.local.lambda;

import com.keywordtrend.local.http.ApiServer;
import com.keywordtrend.local.http.LoopbackServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container credentials endpoint, as Lambda gives it to SnapStart functions (which never get
 * AWS_ACCESS_KEY_ID): a function reads AWS_CONTAINER_CREDENTIALS_FULL_URI with the token of
 * AWS_CONTAINER_AUTHORIZATION_TOKEN. Each function has a token of its own, which gets it the access
 * key of its execution role (the IAM gateway knows the caller by it).
 */
public final class CredentialsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> accessKeyByToken = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();

    public CredentialsEndpoint() throws IOException {
        server = LoopbackServer.start(0, 16, "/credentials", this::handle);
    }

    public String uri() {
        return LoopbackServer.endpoint(server) + "/credentials";
    }

    /** A new authorization token that gets {@code accessKeyId}'s credentials. */
    public String tokenFor(String accessKeyId) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        accessKeyByToken.put(token, accessKeyId);
        return token;
    }

    /** How many times credentials were handed out: proof that a function took this path. */
    public int served() {
        return served.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            String accessKeyId = token == null ? null : accessKeyByToken.get(token);
            if (accessKeyId == null) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            served.incrementAndGet();
            String body = "{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"local\",\"Token\":\"local\",\"Expiration\":\""
                    + Instant.now().plus(Duration.ofHours(6)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}";
            ApiServer.respond(exchange, 200, Map.of("Content-Type", "application/json"), body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
