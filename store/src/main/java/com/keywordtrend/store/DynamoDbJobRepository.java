package com.keywordtrend.store;

import static com.keywordtrend.model.JobAttributes.ATTEMPTS;
import static com.keywordtrend.model.JobAttributes.CREATED_AT;
import static com.keywordtrend.model.JobAttributes.ERROR_MESSAGE;
import static com.keywordtrend.model.JobAttributes.EXPIRES_AT;
import static com.keywordtrend.model.JobAttributes.JOB_ID;
import static com.keywordtrend.model.JobAttributes.JOB_TYPE;
import static com.keywordtrend.model.JobAttributes.LEASE_EXPIRES_AT;
import static com.keywordtrend.model.JobAttributes.LEASE_HOLDER;
import static com.keywordtrend.model.JobAttributes.OWNER;
import static com.keywordtrend.model.JobAttributes.PROGRESS;
import static com.keywordtrend.model.JobAttributes.RESULT_BYTES;
import static com.keywordtrend.model.JobAttributes.RESULT_SHA256;
import static com.keywordtrend.model.JobAttributes.RESULT_URL;
import static com.keywordtrend.model.JobAttributes.STAGE;
import static com.keywordtrend.model.JobAttributes.STATUS;
import static com.keywordtrend.model.JobAttributes.UPDATED_AT;
import static com.keywordtrend.model.JobLimits.DEFAULT_REPLY_MAX_BYTES;
import static com.keywordtrend.model.JobLimits.MAX_RESULT_BYTES;
import static com.keywordtrend.model.JobLimits.RESULT_URL_VALIDITY;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobExistsException;
import com.keywordtrend.model.JobPage;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobQuery;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.ResultObjects;
import com.keywordtrend.model.ResultTooLargeException;
import com.keywordtrend.model.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** {@link JobRepository} over one DynamoDB table keyed on {@code job_id}. */
public final class DynamoDbJobRepository implements JobRepository {

    /**
     * Progress is for the poller's eyes only: while the store is slow or unreachable a progress
     * write gives up after this long rather than hold the work for the client's whole call timeout.
     */
    static final java.time.Duration PROGRESS_CALL_TIMEOUT = java.time.Duration.ofSeconds(2);
    static final Set<String> PIPELINE_ATTRIBUTES = Set.of(JOB_ID, STATUS, JOB_TYPE, CREATED_AT, UPDATED_AT,
            EXPIRES_AT, PROGRESS, STAGE, ERROR_MESSAGE, OWNER, LEASE_HOLDER, LEASE_EXPIRES_AT, ATTEMPTS,
            RESULT_BYTES, RESULT_SHA256);

    /**
     * The index that lists an owner's jobs newest first (template.yaml). It projects what a listing
     * shows and what {@link JobPolicy} needs to judge a job, never the results.
     */
    public static final String OWNER_INDEX = "owner-created_at";
    /** At most this many index pages are read for one listing page (a type or status filter skips items). */
    static final int MAX_INDEX_READS = 4;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final ResultObjects resultObjects;
    private final int inlineMaxBytes;

    /** Every result in the item, up to {@link #MAX_RESULT_BYTES}. */
    public DynamoDbJobRepository(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, null, MAX_RESULT_BYTES);
    }

    /** Results above {@code inlineMaxBytes} as stored in {@code resultObjects}, the item keeping where, how large and a checksum. */
    public DynamoDbJobRepository(DynamoDbClient dynamoDb, String tableName, ResultObjects resultObjects, int inlineMaxBytes) {
        this(dynamoDb, tableName, resultObjects, inlineMaxBytes, DEFAULT_REPLY_MAX_BYTES);
    }

    /**
     * As above; a stored result of more than {@code replyMaxBytes} as JSON is not read back but handed out
     * as {@link #RESULT_URL}, a GET URL valid for {@link #RESULT_URL_VALIDITY}: it would not fit a reply.
     */
    public DynamoDbJobRepository(DynamoDbClient dynamoDb, String tableName, ResultObjects resultObjects, int inlineMaxBytes,
                                 long replyMaxBytes) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.resultObjects = resultObjects;
        this.inlineMaxBytes = Math.min(inlineMaxBytes, MAX_RESULT_BYTES);
        this.bucketResults = new BucketResults(resultObjects, replyMaxBytes);
    }

    private final BucketResults bucketResults;

    @Override
    public void create(Job job) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        job.data().properties().forEach(e -> item.put(e.getKey(), AttributeJson.toAttribute(e.getValue())));
        item.put(JOB_ID, s(job.jobId()));
        item.put(JOB_TYPE, s(job.type().wireName()));
        item.put(OWNER, s(job.owner()));
        item.put(STATUS, s(job.status().name()));
        item.put(CREATED_AT, s(Timestamps.format(job.createdAt())));
        item.put(UPDATED_AT, s(Timestamps.format(job.updatedAt())));
        item.put(EXPIRES_AT, n(job.expiresAt().getEpochSecond()));
        item.put(PROGRESS, n(job.progress()));
        item.put(STAGE, s(job.stage()));
        item.put(ATTEMPTS, n(job.attempts()));
        try {
            // the stored job comes back with a refused write: a repeated start costs no second call
            DynamoCalls.call("PutItem", () -> dynamoDb.putItem(r -> r.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", JOB_ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException e) {
            throw new JobExistsException(fromItem(e.item()));
        }
    }

    @Override
    public Optional<Job> find(String jobId) {
        return findItem(jobId).map(DynamoDbJobRepository::fromItem);
    }

    private Optional<Map<String, AttributeValue>> findItem(String jobId) {
        var response = DynamoCalls.call("GetItem", () -> dynamoDb.getItem(r -> r.tableName(tableName)
                .key(key(jobId)).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /** Its owner first (a small read, whatever the item's size), then the whole item only for its owner. */
    @Override
    public Optional<Job> findOwned(String jobId, String owner) {
        var ownerOnly = DynamoCalls.call("GetItem", () -> dynamoDb.getItem(r -> r.tableName(tableName).key(key(jobId)).consistentRead(true)
                .projectionExpression("#owner").expressionAttributeNames(java.util.Map.of("#owner", OWNER))));
        if (!ownerOnly.hasItem() || ownerOnly.item().isEmpty() || !ownerOnly.item().containsKey(OWNER)
                || !owner.equals(ownerOnly.item().get(OWNER).s())) {
            return Optional.empty();
        }
        return findItem(jobId).map(item -> bucketResults.readBack(item, fromItem(item))).filter(job -> job.owner().equals(owner));
    }

    @Override
    public Optional<Job> claim(String jobId, String holder, Instant now, Instant leaseUntil, JobPolicy policy) {
        ItemUpdate update = new ItemUpdate(tableName)
                .set(STATUS, s(JobStatus.PROCESSING.name()))
                .set(LEASE_HOLDER, s(holder))
                .set(LEASE_EXPIRES_AT, n(leaseUntil.toEpochMilli()))
                .set(UPDATED_AT, s(Timestamps.format(now)))
                .set(STAGE, s("started"))
                .setRaw("#attempts = #attempts + :one")
                .value(":one", n(1))
                .value(":max", n(policy.maxAttempts()))
                .value(":pending", s(JobStatus.PENDING.name()))
                .value(":processing", s(JobStatus.PROCESSING.name()))
                .value(":pendingCutoff", s(Timestamps.format(policy.pendingCutoff(now))))
                .value(":nowMs", n(now.toEpochMilli()))
                .value(":stalledCutoffMs", n(policy.stalledCutoff(now).toEpochMilli()));
        String condition = "attribute_exists(#id) AND #attempts < :max AND ("
                + "(#status = :pending AND #created >= :pendingCutoff) OR "
                + "(#status = :processing AND #lease < :nowMs AND #lease >= :stalledCutoffMs))";
        try {
            var response = DynamoCalls.call("UpdateItem claim", () -> dynamoDb.updateItem(update.request(jobId, condition)
                    .returnValues(ReturnValue.ALL_NEW).build()));
            return Optional.of(fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean reportProgress(String jobId, String holder, int progress, String stage, Instant now) {
        ItemUpdate update = new ItemUpdate(tableName)
                .set(PROGRESS, n(Math.clamp(progress, 0, 100)))
                .set(STAGE, s(stage))
                .set(UPDATED_AT, s(Timestamps.format(now)));
        return conditional("UpdateItem progress", update.whileHeldBy(holder).request(jobId, ItemUpdate.OWNED)
                .overrideConfiguration(o -> o.apiCallTimeout(PROGRESS_CALL_TIMEOUT)));
    }

    @Override
    public boolean complete(String jobId, String holder, ObjectNode results, Instant now) {
        ItemUpdate update = new ItemUpdate(tableName);
        int size = setResults(update, results);
        if (resultObjects != null && size > inlineMaxBytes) {
            update = new ItemUpdate(tableName);
            storeResultObject(update, jobId, holder, results);
        } else if (size > MAX_RESULT_BYTES) {
            throw new ResultTooLargeException(size);
        }
        update.set(STATUS, s(JobStatus.COMPLETED.name()))
                .set(PROGRESS, n(100))
                .set(STAGE, s("done"))
                .set(UPDATED_AT, s(Timestamps.format(now)));
        // a completion that loses leaves its object to the bucket's lifecycle rule: no item points to it
        return conditional("UpdateItem complete", update.whileHeldBy(holder).request(jobId, ItemUpdate.OWNED));
    }

    @Override
    public boolean fail(String jobId, String holder, String message, ObjectNode details, Instant now) {
        ItemUpdate update = failure(message, "failed", now);
        if (details != null) setResults(update, details);
        return conditional("UpdateItem fail", update.whileHeldBy(holder).request(jobId, ItemUpdate.OWNED));
    }

    @Override
    public CancelOutcome cancel(String jobId, String owner, Instant now) {
        ItemUpdate update = failure(CANCELLED_MESSAGE, "cancelled", now)
                .set(CANCELLED, AttributeValue.fromBool(true))
                .value(":pending", s(JobStatus.PENDING.name()))
                .value(":processing", s(JobStatus.PROCESSING.name()))
                .value(":caller", s(owner));
        UpdateItemRequest request = update.request(jobId, "attribute_exists(#id) AND " + ownedBy(owner)
                        + " AND #status IN (:pending, :processing)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
        try {
            DynamoCalls.call("UpdateItem cancel", () -> dynamoDb.updateItem(request));
            return CancelOutcome.CANCELLED;
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty() || !owner.equals(fromItem(e.item()).owner())) return CancelOutcome.MISSING;
            return CancelOutcome.ALREADY_FINAL;
        }
    }

    /** The condition that {@code :caller} owns the item; items written before owners were stored are anonymous. */
    private static String ownedBy(String owner) {
        return Job.ANONYMOUS.equals(owner) ? "(attribute_not_exists(#owner) OR #owner = :caller)" : "#owner = :caller";
    }

    /** Consistent BatchGetItem calls of up to 100 jobs, reading only their status and lease holder. */
    @Override
    public Map<String, String> holdersOf(Collection<String> jobIds) {
        List<Map<String, AttributeValue>> keys = new java.util.LinkedHashSet<>(jobIds).stream().map(DynamoDbJobRepository::key).toList();
        DynamoBatches.Read read = DynamoCalls.call("BatchGetItem", () -> DynamoBatches.get(dynamoDb, tableName, keys, request -> request
                .consistentRead(true).projectionExpression("#id, #status, #holder")
                .expressionAttributeNames(Map.of("#id", JOB_ID, "#status", STATUS, "#holder", LEASE_HOLDER))));
        if (read.unread() > 0) {
            // an unread job is not a job that is no longer held: say nothing rather than the wrong thing
            throw new JobStoreUnavailableException("BatchGetItem left " + read.unread() + " jobs unread", null);
        }
        Map<String, String> holders = new HashMap<>();
        for (Map<String, AttributeValue> item : read.items()) {
            String holder = str(item, LEASE_HOLDER);
            if (JobStatus.PROCESSING.name().equals(str(item, STATUS)) && holder != null) holders.put(str(item, JOB_ID), holder);
        }
        return holders;
    }

    @Override
    public JobPage list(JobQuery query) {
        Map<String, String> names = new HashMap<>(Map.of("#owner", OWNER));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":owner", s(query.owner())));
        StringJoiner filter = new StringJoiner(" AND ");
        if (query.type() != null) {
            names.put("#type", JOB_TYPE);
            values.put(":type", s(query.type().wireName()));
            filter.add("#type = :type");
        }
        if (query.status() != null) {
            names.put("#status", STATUS);
            values.put(":status", s(query.status().name()));
            filter.add("#status = :status");
        }
        List<Job> jobs = new ArrayList<>();
        Map<String, AttributeValue> startKey = query.after() == null ? null : Map.of(OWNER, s(query.owner()),
                CREATED_AT, s(query.after().createdAt()), JOB_ID, s(query.after().jobId()));
        for (int reads = 0; reads < MAX_INDEX_READS && jobs.size() < query.limit(); reads++) {
            Map<String, AttributeValue> from = startKey;
            int remaining = query.limit() - jobs.size();
            var response = DynamoCalls.call("Query " + OWNER_INDEX, () -> dynamoDb.query(r -> r.tableName(tableName)
                    .indexName(OWNER_INDEX)
                    .keyConditionExpression("#owner = :owner")
                    .filterExpression(filter.length() == 0 ? null : filter.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(remaining)
                    .exclusiveStartKey(from)));
            response.items().forEach(item -> jobs.add(fromItem(item)));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            if (startKey == null) break;
        }
        JobPage.Position next = startKey == null ? null
                : new JobPage.Position(startKey.get(CREATED_AT).s(), startKey.get(JOB_ID).s());
        return new JobPage(jobs, next);
    }

    @Override
    public int countInFlight(String owner, Instant since, int atMost) {
        int count = 0;
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            var response = DynamoCalls.call("Query " + OWNER_INDEX, () -> dynamoDb.query(r -> r.tableName(tableName)
                    .indexName(OWNER_INDEX)
                    .keyConditionExpression("#owner = :owner AND #created >= :since")
                    .filterExpression("#status IN (:pending, :processing)")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#created", CREATED_AT, "#status", STATUS))
                    .expressionAttributeValues(Map.of(":owner", s(owner), ":since", s(Timestamps.format(since)),
                            ":pending", s(JobStatus.PENDING.name()), ":processing", s(JobStatus.PROCESSING.name())))
                    .select(Select.COUNT)
                    .exclusiveStartKey(from)));
            count += response.count();
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (startKey != null && count < atMost);
        return Math.min(count, atMost);
    }

    /**
     * The owner and type the result object's key and form need, read with the conditional completion's
     * consistency; then the object, written before that completion ({@link BucketResults#store}).
     */
    private void storeResultObject(ItemUpdate update, String jobId, String holder, ObjectNode results) {
        var ownerAndType = DynamoCalls.call("GetItem", () -> dynamoDb.getItem(r -> r.tableName(tableName).key(key(jobId)).consistentRead(true)
                .projectionExpression("#owner, #type").expressionAttributeNames(Map.of("#owner", OWNER, "#type", JOB_TYPE))));
        Map<String, AttributeValue> found = ownerAndType.hasItem() ? ownerAndType.item() : Map.of();
        String owner = found.containsKey(OWNER) ? found.get(OWNER).s() : Job.ANONYMOUS;
        JobType type = JobType.fromWireName(str(found, JOB_TYPE)).orElseThrow(() -> new IllegalStateException("job " + jobId + " has no job_type"));
        bucketResults.store(update, owner, type, jobId, holder, results);
    }

    /**
     * Each result as an item attribute (large ones gzipped, {@link AttributeJson#toStoredAttribute});
     * a JSON null removes the attribute (an input the results replace). Returns the bytes the results take.
     */
    private static int setResults(ItemUpdate update, ObjectNode results) {
        int size = 0;
        for (var e : results.properties()) {
            if (PIPELINE_ATTRIBUTES.contains(e.getKey())) {
                throw new IllegalArgumentException("results may not overwrite " + e.getKey());
            }
            if (e.getValue().isNull()) {
                update.remove(e.getKey());
            } else {
                AttributeValue stored = AttributeJson.toStoredAttribute(e.getValue());
                size += e.getKey().length() + AttributeJson.storedSize(stored);
                update.set(e.getKey(), stored);
            }
        }
        return size;
    }

    @Override
    public AbandonOutcome failAbandoned(String jobId, String message, Instant now) {
        ItemUpdate update = failure(message, "failed", now)
                .value(":pending", s(JobStatus.PENDING.name()))
                .value(":processing", s(JobStatus.PROCESSING.name()))
                .value(":nowMs", n(now.toEpochMilli()));
        UpdateItemRequest request = update.request(jobId, "attribute_exists(#id) AND (#status = :pending OR "
                        + "(#status = :processing AND (attribute_not_exists(#lease) OR #lease < :nowMs)))")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
        try {
            DynamoCalls.call("UpdateItem fail abandoned", () -> dynamoDb.updateItem(request));
            return AbandonOutcome.FAILED;
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) return AbandonOutcome.MISSING;
            return JobStatus.valueOf(e.item().get(STATUS).s()).isFinal() ? AbandonOutcome.ALREADY_FINAL : AbandonOutcome.LEASED;
        }
    }

    /** The attributes every way to FAILED sets. */
    private ItemUpdate failure(String message, String stage, Instant now) {
        return new ItemUpdate(tableName)
                .set(STATUS, s(JobStatus.FAILED.name()))
                .set(ERROR_MESSAGE, s(message))
                .set(STAGE, s(stage))
                .set(UPDATED_AT, s(Timestamps.format(now)));
    }

    @Override
    public boolean renewLease(String jobId, String holder, Instant leaseUntil, Instant now) {
        ItemUpdate update = new ItemUpdate(tableName)
                .set(LEASE_EXPIRES_AT, n(leaseUntil.toEpochMilli()))
                .set(UPDATED_AT, s(Timestamps.format(now)));
        return conditional("UpdateItem renew lease", update.whileHeldBy(holder).request(jobId, ItemUpdate.OWNED));
    }

    @Override
    public boolean release(String jobId, String holder, String stage, Instant now) {
        ItemUpdate update = new ItemUpdate(tableName)
                .set(LEASE_EXPIRES_AT, n(now.toEpochMilli() - 1))
                .set(STAGE, s(stage))
                .set(UPDATED_AT, s(Timestamps.format(now)));
        return conditional("UpdateItem release", update.whileHeldBy(holder).request(jobId, ItemUpdate.OWNED));
    }

    private boolean conditional(String operation, UpdateItemRequest.Builder request) {
        try {
            DynamoCalls.call(operation, () -> dynamoDb.updateItem(request
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE).build()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static Map<String, AttributeValue> key(String jobId) {
        return Map.of(JOB_ID, s(jobId));
    }

    static Job fromItem(Map<String, AttributeValue> item) {
        ObjectNode data = AttributeJson.toJson(Map.of());
        item.forEach((name, value) -> {
            if (!PIPELINE_ATTRIBUTES.contains(name)) data.set(name, AttributeJson.toJson(value));
        });
        return new Job(
                item.get(JOB_ID).s(),
                JobType.fromWireName(str(item, JOB_TYPE)).orElseThrow(
                        () -> new IllegalStateException("job " + item.get(JOB_ID).s() + " has an unknown job_type")),
                item.containsKey(OWNER) ? str(item, OWNER) : Job.ANONYMOUS,
                JobStatus.valueOf(str(item, STATUS)),
                Timestamps.parse(str(item, CREATED_AT)),
                item.containsKey(UPDATED_AT) ? Timestamps.parse(str(item, UPDATED_AT)) : null,
                item.containsKey(EXPIRES_AT) ? Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())) : null,
                item.containsKey(PROGRESS) ? Integer.parseInt(item.get(PROGRESS).n()) : 0,
                str(item, STAGE),
                str(item, ERROR_MESSAGE),
                str(item, LEASE_HOLDER),
                item.containsKey(LEASE_EXPIRES_AT) ? Instant.ofEpochMilli(Long.parseLong(item.get(LEASE_EXPIRES_AT).n())) : null,
                item.containsKey(ATTEMPTS) ? Integer.parseInt(item.get(ATTEMPTS).n()) : 0,
                data);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
