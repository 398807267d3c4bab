package com.keywordtrend.store;

import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.ResultObjectMissingException;
import com.keywordtrend.model.ResultObjects;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The API's side of {@link ResultObjects}: it only reads, so it needs no S3 client (3.5 MB the API jar
 * does without). It signs a GET with SigV4 in the query, as S3's presigned URLs are signed, using the
 * function's own credentials, and either fetches it (a result that fits a reply) or hands it out (one
 * that does not). A presigned URL carries the signer's permissions: its role's s3:GetObject on the bucket.
 */
public final class SignedResultReader implements ResultObjects {
    private final URI bucketEndpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http;
    private final Duration callTimeout;

    /**
     * @param bucketEndpoint the bucket's base URL: {@code https://<bucket>.s3.<region>.amazonaws.com/} in AWS,
     *                       {@code <emulator>/<bucket>/} (path style) locally ({@link #endpointOf})
     */
    public SignedResultReader(URI bucketEndpoint, String region, AwsCredentialsProvider credentials, Duration callTimeout) {
        this.bucketEndpoint = bucketEndpoint;
        this.region = region;
        this.credentials = credentials;
        this.callTimeout = callTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The bucket's URL: S3_ENDPOINT (an emulator, path style) or S3's regional virtual-hosted endpoint. */
    public static URI endpointOf(String bucket, String region, String s3Endpoint) {
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
            return URI.create(s3Endpoint.replaceAll("/+$", "") + "/" + bucket + "/");
        }
        return URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/");
    }

    @Override
    public void put(String key, byte[] gzippedJson) {
        throw new UnsupportedOperationException("the API reads results, it never writes them");
    }

    @Override
    public byte[] get(String key) {
        URI url = presignedGet(key, Duration.ofMinutes(1));
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(callTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) throw new ResultObjectMissingException(ResultObjects.jobIdOf(key));
            if (response.statusCode() != 200) {
                throw new JobStoreUnavailableException("the results bucket answered " + response.statusCode(), null);
            }
            return response.body();
        } catch (IOException e) {
            throw new JobStoreUnavailableException("the results bucket could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoreUnavailableException("interrupted while reading the results bucket", e);
        }
    }

    @Override
    public URI presignedGet(String key, Duration validFor) {
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        URI object = bucketEndpoint.resolve(encodePath(key));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(object).build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, validFor)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                // S3 signs the path as it is sent: neither encoded twice nor normalized
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)).request().getUri();
    }

    private static String encodePath(String key) {
        StringBuilder path = new StringBuilder();
        for (String segment : key.split("/")) {
            if (!path.isEmpty()) path.append('/');
            path.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }
}
