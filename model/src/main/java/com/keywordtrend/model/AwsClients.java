package com.keywordtrend.model;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Builds the SDK clients, once per execution environment, from settings: region from AWS_REGION,
 * credentials from the Lambda environment, and, when DYNAMODB_ENDPOINT is set (the local runner,
 * tests), that endpoint with fixed local credentials.
 */
public final class AwsClients {
    public static final String ENDPOINT = "DYNAMODB_ENDPOINT";

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(UnaryOperator<String> settings, Duration apiCallTimeout) {
        return configured(DynamoDbClient.builder(), settings, apiCallTimeout).build();
    }

    public static DynamoDbStreamsClient dynamoDbStreams(UnaryOperator<String> settings, Duration apiCallTimeout) {
        return configured(DynamoDbStreamsClient.builder(), settings, apiCallTimeout).build();
    }

    /** HTTP client, region, credentials, retries, timeout, tracing and endpoint: the same for every client. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(
            B builder, UnaryOperator<String> settings, Duration apiCallTimeout) {
        builder.httpClient(httpClient())
                .region(region(settings))
                .credentialsProvider(credentials(settings))
                .overrideConfiguration(override(apiCallTimeout));
        String endpoint = settings.apply(ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) builder.endpointOverride(URI.create(endpoint));
        return builder;
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static ClientOverrideConfiguration override(Duration apiCallTimeout) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(apiCallTimeout)
                .executionInterceptors(Tracing.sdkInterceptors())
                .build();
    }

    private static Region region(UnaryOperator<String> settings) {
        return Region.of(Settings.orDefault(settings, "AWS_REGION", "us-east-1"));
    }

    private static AwsCredentialsProvider credentials(UnaryOperator<String> settings) {
        String endpoint = settings.apply(ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            // an emulator accepts any signature; these never leave the machine
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return EnvironmentVariableCredentialsProvider.create();
    }
}
