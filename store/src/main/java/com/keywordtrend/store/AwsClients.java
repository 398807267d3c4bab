package com.keywordtrend.store;

import com.keywordtrend.model.Settings;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.keywordtrend.model.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the SDK clients, once per execution environment, from settings: region from AWS_REGION,
 * credentials as Lambda provides them, and the DynamoDB endpoint from DYNAMODB_ENDPOINT when set
 * (the local runner, tests).
 */
public final class AwsClients {
    public static final String ENDPOINT = "DYNAMODB_ENDPOINT";
    /** The S3 endpoint of an emulator (the local runner, tests); addressed path-style, as emulators are. */
    public static final String S3_ENDPOINT = "S3_ENDPOINT";

    /**
     * What Lambda gives a function: the access-key variables on on-demand functions, and only the
     * container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI with its authorization
     * token) on SnapStart functions, whose snapshots must not hold credentials. The SDK's full
     * default chain would also read profile files and probe instance metadata, which Lambda never
     * has: these two are all it needs, and a cold start pays for nothing else.
     */
    public static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create())
                .build();
    }

    /** For tools that talk to an emulator themselves (the runner, tests): it accepts any signature. */
    public static AwsCredentialsProvider emulatorCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private AwsClients() {
    }

    /** A DynamoDB client with Lambda's credentials. */
    public static DynamoDbClient dynamoDb(UnaryOperator<String> settings, Duration apiCallTimeout) {
        return dynamoDb(settings, apiCallTimeout, lambdaCredentials());
    }

    public static DynamoDbClient dynamoDb(UnaryOperator<String> settings, Duration apiCallTimeout,
                                          AwsCredentialsProvider credentials) {
        return configured(DynamoDbClient.builder(), settings, apiCallTimeout, credentials).build();
    }

    /** A DynamoDB Streams client with Lambda's credentials. */
    public static DynamoDbStreamsClient dynamoDbStreams(UnaryOperator<String> settings, Duration apiCallTimeout) {
        return dynamoDbStreams(settings, apiCallTimeout, lambdaCredentials());
    }

    public static DynamoDbStreamsClient dynamoDbStreams(UnaryOperator<String> settings, Duration apiCallTimeout,
                                                        AwsCredentialsProvider credentials) {
        return configured(DynamoDbStreamsClient.builder(), settings, apiCallTimeout, credentials).build();
    }

    /** An S3 client with Lambda's credentials (results that outgrow the job item). */
    public static S3Client s3(UnaryOperator<String> settings, Duration apiCallTimeout) {
        return s3(settings, apiCallTimeout, lambdaCredentials());
    }

    public static S3Client s3(UnaryOperator<String> settings, Duration apiCallTimeout, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder().httpClient(httpClient())
                .region(region(settings))
                .credentialsProvider(credentials)
                .overrideConfiguration(override(apiCallTimeout));
        URI endpoint = s3Endpoint(settings);
        if (endpoint != null) builder.endpointOverride(endpoint).forcePathStyle(true);
        return builder.build();
    }

    /** Signs GET URLs for a result too large to answer inline; signing is local, no call is made. */
    public static S3Presigner s3Presigner(UnaryOperator<String> settings) {
        return s3Presigner(settings, lambdaCredentials());
    }

    public static S3Presigner s3Presigner(UnaryOperator<String> settings, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder().region(region(settings)).credentialsProvider(credentials);
        URI endpoint = s3Endpoint(settings);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    private static URI s3Endpoint(UnaryOperator<String> settings) {
        String endpoint = settings.apply(S3_ENDPOINT);
        return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
    }

    /** HTTP client, region, credentials, retries, timeout, tracing and endpoint: the same for every client. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(
            B builder, UnaryOperator<String> settings, Duration apiCallTimeout, AwsCredentialsProvider credentials) {
        builder.httpClient(httpClient())
                .region(region(settings))
                .credentialsProvider(credentials)
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
                .executionInterceptors(tracingInterceptors())
                .build();
    }

    private static Region region(UnaryOperator<String> settings) {
        return Region.of(Settings.orDefault(settings, "AWS_REGION", "us-east-1"));
    }

    /** With active tracing, each AWS call (DynamoDB, its streams, S3) recorded as a subsegment. */
    private static List<ExecutionInterceptor> tracingInterceptors() {
        return Tracing.enabled() ? List.of(new TracingInterceptor()) : List.of();
    }
}
