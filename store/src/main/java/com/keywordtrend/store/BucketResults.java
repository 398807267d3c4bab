package com.keywordtrend.store;

import static com.keywordtrend.model.JobAttributes.RESULT_BYTES;
import static com.keywordtrend.model.JobAttributes.RESULT_SHA256;
import static com.keywordtrend.model.JobAttributes.RESULT_URL;
import static com.keywordtrend.model.JobAttributes.S3_KEY;
import static com.keywordtrend.model.JobLimits.RESULT_URL_VALIDITY;
import static com.keywordtrend.store.DynamoDbJobRepository.PIPELINE_ATTRIBUTES;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Gzip;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobResults;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.ResultObjectMissingException;
import com.keywordtrend.model.ResultObjects;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A job's result once it outgrew its item: written to the results bucket before the completion that
 * points to it, read back (or handed out as a URL) for its owner.
 */
final class BucketResults {
    private final ResultObjects resultObjects;
    private final long replyMaxBytes;

    /** @param resultObjects null where no bucket is configured: a job pointing to one is then an error */
    BucketResults(ResultObjects resultObjects, long replyMaxBytes) {
        this.resultObjects = resultObjects;
        this.replyMaxBytes = replyMaxBytes;
    }

    /**
     * Writes the results as one gzipped JSON object before the completion that points to it, so that a
     * COMPLETED job always has its result: if the write fails the completion is never tried and the job
     * is delivered again. The key is this attempt's ({@code holder}), so no attempt overwrites the
     * object another attempt's completion points to. Sets the pointer on {@code update}, and removes
     * the inputs the results replace.
     */
    void store(ItemUpdate update, String owner, JobType type, String jobId, String holder, ObjectNode results) {
        ObjectNode stored = results.objectNode();
        for (var e : results.properties()) {
            if (PIPELINE_ATTRIBUTES.contains(e.getKey()) || e.getKey().equals(S3_KEY) || e.getKey().equals(RESULT_URL)) {
                throw new IllegalArgumentException("results may not overwrite " + e.getKey());
            }
            if (e.getValue().isNull()) update.remove(e.getKey());
            else stored.set(e.getKey(), e.getValue());
        }
        // the object holds the results as a poll shows them: what a client downloading result_url reads
        byte[] json = AttributeJson.json(JobResults.storedReply(type, stored));
        byte[] gzipped = Gzip.compress(json);
        String key = ResultObjects.keyFor(owner, jobId, holder);
        resultObjects.put(key, gzipped);
        update.set(S3_KEY, AttributeValue.fromS(key)).set(RESULT_BYTES, AttributeValue.fromN(Long.toString(json.length)))
                .set(RESULT_SHA256, AttributeValue.fromS(ResultObjects.sha256Hex(gzipped)));
    }

    /**
     * The job with the result its item points to ({@link DynamoDbJobRepository#S3_KEY}) read back into
     * it, checked against the checksum written with it, or past the reply limit a URL to it; only ever
     * for the owner, so another owner's large result costs nothing. A job without one, as it is.
     *
     * @throws ResultObjectMissingException when the object is gone or is not the one written
     */
    Job readBack(Map<String, AttributeValue> item, Job job) {
        AttributeValue key = item.get(S3_KEY);
        if (key == null) return job;
        // a COMPLETED job without its result must never be answered: a function that cannot read the bucket is misconfigured
        if (resultObjects == null) throw new IllegalStateException("job " + job.jobId() + " has its result in S3 and no RESULTS_BUCKET is set");
        if (item.containsKey(RESULT_BYTES) && Long.parseLong(item.get(RESULT_BYTES).n()) > replyMaxBytes) {
            ObjectNode data = job.data().deepCopy();
            data.put(RESULT_URL, resultObjects.presignedGet(key.s(), RESULT_URL_VALIDITY).toString());
            return job.withData(data);
        }
        byte[] stored = resultObjects.get(key.s());
        if (!ResultObjects.sha256Hex(stored).equals(DynamoDbJobRepository.str(item, RESULT_SHA256))) {
            throw new ResultObjectMissingException(job.jobId());
        }
        ObjectNode data = job.data().deepCopy();
        data.setAll(JobResults.attributesOfStoredReply(job.type(), AttributeJson.fromGzippedJson(stored)));
        return job.withData(data);
    }
}
