package com.keywordtrend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** The credentials a function uses are the ones Lambda gives it. */
class AwsClientsTest {

    @Test
    void snapstart_functions_get_credentials_from_the_container_endpoint_with_its_token() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        endpoint.createContext("/credentials", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"AccessKeyId\":\"ASIA-FROM-CONTAINER\",\"SecretAccessKey\":\"s\",\"Token\":\"t\",\"Expiration\":\""
                    + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        // the SDK reads these settings from system properties first, then from Lambda's environment variables
        System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/credentials");
        System.setProperty("aws.containerAuthorizationToken", "token-from-lambda");
        try {
            AwsCredentials credentials = AwsClients.lambdaCredentials().resolveCredentials();
            assertEquals("ASIA-FROM-CONTAINER", credentials.accessKeyId());
            assertEquals("token-from-lambda", authorization.get());
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
            endpoint.stop(0);
        }
    }
}
