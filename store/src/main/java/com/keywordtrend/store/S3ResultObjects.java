package com.keywordtrend.store;

import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.ResultObjectMissingException;
import com.keywordtrend.model.ResultObjects;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link ResultObjects} in one S3 bucket of the stack (template.yaml: ResultsBucket, SSE, private, expiring with the jobs). */
public final class S3ResultObjects implements ResultObjects {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    /** {@code presigner} may be null where no URL is handed out (the processors, which only write). */
    public S3ResultObjects(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] gzippedJson) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json").contentEncoding("gzip"),
                    RequestBody.fromBytes(gzippedJson));
        } catch (SdkClientException | S3Exception e) {
            throw new JobStoreUnavailableException("the results bucket could not be written", e);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new ResultObjectMissingException(ResultObjects.jobIdOf(key));
        } catch (SdkClientException | S3Exception e) {
            throw new JobStoreUnavailableException("the results bucket could not be read", e);
        }
    }

    @Override
    public URI presignedGet(String key, Duration validFor) {
        if (presigner == null) throw new IllegalStateException("no presigner: this function hands out no result URLs");
        return URI.create(presigner.presignGetObject(r -> r.signatureDuration(validFor)
                .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
    }
}
