package com.keywordtrend.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobAttributes;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobResults;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.Timestamps;
import com.keywordtrend.model.TrendsInputs;
import com.keywordtrend.model.TrendsResults;
import com.keywordtrend.store.DynamoDbJobRepository;
import java.util.List;

/** The bodies of the contract (docs/contract.md, api/openapi.yaml): what a start and a poll answer. */
public final class JobReplies {
    static final String STARTED_MESSAGE = "Job started, poll for results";
    /** A running job is worth asking about again in this many seconds (the seed client polls every 10). */
    static final String RETRY_AFTER_WHILE_RUNNING = "5";
    static final String BUSY_MESSAGE = "The service is busy. Please retry in a few seconds.";
    static final String FAILED_FALLBACK = "The job failed. Please start it again.";

    /** Item attributes a poll shows as they are, after the job's results, once the job has them. */
    private static final List<String> PASSED_THROUGH = List.of("s3_key", "query_id", JobRepository.CANCELLED,
            JobAttributes.RESULT_URL);

    private JobReplies() {
    }

    public static ObjectNode started(Job job) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", job.status().name());
        body.put("job_id", job.jobId());
        body.put("message", STARTED_MESSAGE);
        return body;
    }

    public static ObjectNode polled(Job job) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", job.status().name());
        body.put("job_id", job.jobId());
        body.put("progress", job.status() == JobStatus.COMPLETED ? 100 : job.progress());
        if (job.stage() != null) body.put("stage", job.stage());
        body.put("created_at", Timestamps.format(job.createdAt()));
        if (job.updatedAt() != null) body.put("updated_at", Timestamps.format(job.updatedAt()));
        JobResults results = job.results();
        if (job.inputs() instanceof TrendsInputs inputs) {
            // what was asked, beside what was found: a CSV export may have changed the granularity
            body.set(TrendsInputs.KEYWORDS, JsonNodeFactory.instance.arrayNode().addAll(
                    inputs.keywords().stream().map(JsonNodeFactory.instance::textNode).toList()));
            String granularity = ((TrendsResults) results).granularity();
            body.put(TrendsInputs.GRANULARITY, granularity != null ? granularity : inputs.granularity());
        }
        body.setAll(results.toReply());
        for (String attribute : PASSED_THROUGH) {
            JsonNode value = job.data().get(attribute);
            if (value != null && !value.isNull()) body.set(attribute, value);
        }
        if (job.status() == JobStatus.FAILED) {
            body.put("message", job.errorMessage() != null ? job.errorMessage() : FAILED_FALLBACK);
        }
        return body;
    }

    /**
     * A page of a listing: a summary of each job (what the owner index holds: no results, which can be
     * large; GET /jobs/{job_id} has them) and the cursor of the next page, null after the last.
     */
    public static ObjectNode listed(List<Job> jobs, String nextCursor) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("jobs");
        for (Job job : jobs) {
            ObjectNode item = items.addObject();
            item.put("job_id", job.jobId());
            item.put("type", job.type().wireName());
            item.put("status", job.status().name());
            item.put("progress", job.status() == JobStatus.COMPLETED ? 100 : job.progress());
            if (job.stage() != null) item.put("stage", job.stage());
            item.put("created_at", Timestamps.format(job.createdAt()));
            if (job.updatedAt() != null) item.put("updated_at", Timestamps.format(job.updatedAt()));
            String industry = job.inputs().industry();
            if (!industry.isEmpty()) item.put("industry", industry);
            if (job.data().path(JobRepository.CANCELLED).asBoolean(false)) item.put("cancelled", true);
            if (job.status() == JobStatus.FAILED) {
                item.put("message", job.errorMessage() != null ? job.errorMessage() : FAILED_FALLBACK);
            }
        }
        if (nextCursor == null) body.putNull("next_cursor");
        else body.put("next_cursor", nextCursor);
        return body;
    }

    public static ObjectNode notFound(String jobId) {
        return failure("Job " + jobId + " not found");
    }

    /**
     * A transient refusal (503): it carries no {@code status}, because nothing about the job is
     * final, and a client that reads {@code status} (the seed client stops at FAILED) keeps polling.
     */
    public static ObjectNode busy() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("message", BUSY_MESSAGE);
        body.put("retryable", true);
        return body;
    }

    public static ObjectNode failure(String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", JobStatus.FAILED.name());
        body.put("message", message);
        return body;
    }
}
