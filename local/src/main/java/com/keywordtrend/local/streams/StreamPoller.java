package com.keywordtrend.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.lambda.LocalFunction;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Polls one table stream for one event source mapping of template.yaml with the real Streams API
 * (DescribeStream, GetShardIterator, GetRecords), as Lambda's poller does: it applies the
 * mapping's FilterCriteria (records it filters out do not count towards a batch), BatchSize and
 * MaximumBatchingWindowInSeconds (a batch goes when full, or when its first record has waited the
 * window), MaximumRetryAttempts, BisectBatchOnFunctionError, MaximumRecordAgeInSeconds and
 * ReportBatchItemFailures (retrying from the lowest failed sequence number), and sends exhausted
 * batches to the on-failure destination's consumer. ParallelizationFactor is applied as Lambda
 * does: up to that many batches of one shard at once, each record in the lane of its partition key,
 * so that one key's records keep their order. Sizes are held to what AWS enforces: a read returns
 * at most 1,000 records and about 1 MB (the emulator returns what it has, so the poller asks for
 * fewer records when the last read was larger), a batch at most the 6 MB of an invocation payload.
 */
public final class StreamPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /** One DynamoDB event of template.yaml, as read from it. */
    public record Mapping(String name, LocalFunction function, String streamArn, ShardIteratorType startingPosition,
                   int batchSize, int maxRetries, boolean bisect, boolean reportBatchItemFailures,
                   List<EventPattern> filters, Duration maxRecordAge, LocalFunction onFailure, StreamPositions positions,
                   int onFailureReceives, Duration onFailureRedelivery, Duration batchingWindow, int parallelization) {
    }

    /** GetRecords' own maximum: Lambda reads this much and filters before it batches. */
    static final int RECORDS_PER_READ = 1000;
    /** GetRecords' other maximum: 1 MB of records per call. */
    static final int BYTES_PER_READ = 1 << 20;
    /** Lambda's synchronous invocation payload limit, which a batch must fit in. */
    static final int MAX_BATCH_BYTES = 6 * 1024 * 1024;

    /** One lane of a shard: the records of the partition keys that hash to it, delivered one batch at a time. */
    private static final class Lane {
        final List<ObjectNode> waiting = new ArrayList<>();
        long since;
        volatile Thread delivering;

        boolean busy() {
            return delivering != null && delivering.isAlive();
        }
    }

    private final Mapping mapping;
    private final DynamoDbStreamsClient streams;
    private final Duration pollInterval;
    private final Map<String, String> iterators = new HashMap<>();
    /** Per shard: its lanes of records read and matched but not yet delivered, and the last record read. */
    private final Map<String, Lane[]> lanes = new HashMap<>();
    private final Map<String, String> lastRead = new HashMap<>();
    /** Per shard: how many records the next read asks for (fewer after a read past 1 MB). */
    private final Map<String, Integer> readLimit = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicInteger failedPolls = new java.util.concurrent.atomic.AtomicInteger();

    /** Polls that failed (a Streams call refused or timed out): a load test expects none. */
    public int failedPolls() {
        return failedPolls.get();
    }

    public StreamPoller(Mapping mapping, DynamoDbStreamsClient streams, Duration pollInterval) {
        this.mapping = mapping;
        this.streams = streams;
        this.pollInterval = pollInterval;
        this.thread = Thread.ofPlatform().daemon().name("poller-" + mapping.name()).start(this::run);
    }

    /**
     * How often the shard list is read again. Lambda does not describe the stream on every poll
     * (DescribeStream allows 10 calls a second per account); the emulator's DescribeStream also costs
     * more the longer the stream, so every poll describing it would load the runner as AWS is not.
     */
    static final Duration SHARDS_REFRESH = Duration.ofSeconds(10);

    private List<String> shards = List.of();
    private long shardsReadAt;

    private void run() {
        while (running) {
            boolean delivered = false;
            try {
                for (String shardId : shards()) {
                    delivered |= pollShard(shardId);
                }
            } catch (RuntimeException e) {
                if (running) {
                    failedPolls.incrementAndGet();
                    LOG.warn("polling {} failed; trying again", mapping.name(), e);
                }
            }
            if (!delivered) pause(pollInterval);
        }
    }

    private List<String> shards() {
        if (shards.isEmpty() || System.nanoTime() - shardsReadAt >= SHARDS_REFRESH.toNanos()) {
            shards = streams.describeStream(r -> r.streamArn(mapping.streamArn())).streamDescription().shards()
                    .stream().map(Shard::shardId).toList();
            shardsReadAt = System.nanoTime();
        }
        return shards;
    }

    private boolean pollShard(String shardId) {
        String iterator = iterators.computeIfAbsent(shardId, this::firstIterator);
        if (iterator == null) return false;
        int limit = readLimit.getOrDefault(shardId, FIRST_READ_LIMIT);
        GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(iterator).limit(limit));
        iterators.put(shardId, response.nextShardIterator());
        Lane[] shardLanes = lanes.computeIfAbsent(shardId, s -> newLanes());
        long bytesRead = 0;
        for (Record record : response.records()) {
            ObjectNode event = toLambdaRecord(record);
            bytesRead += record.dynamodb().sizeBytes() == null ? 0 : record.dynamodb().sizeBytes();
            if (mapping.filters().isEmpty() || mapping.filters().stream().anyMatch(f -> f.matches(event))) {
                Lane lane = shardLanes[laneOf(event)];
                if (lane.waiting.isEmpty()) lane.since = System.nanoTime();
                lane.waiting.add(event);
            }
        }
        readLimit.put(shardId, nextReadLimit(limit, response.records().size(), bytesRead));
        if (!response.records().isEmpty()) lastRead.put(shardId, response.records().getLast().dynamodb().sequenceNumber());
        for (Lane lane : shardLanes) {
            if (!lane.busy() && running && !lane.waiting.isEmpty()) {
                boolean windowOver = System.nanoTime() - lane.since >= mapping.batchingWindow().toNanos();
                if (lane.waiting.size() >= mapping.batchSize() || windowOver) {
                    List<ObjectNode> batch = takeBatch(lane.waiting);
                    if (!lane.waiting.isEmpty()) lane.since = System.nanoTime();
                    lane.delivering = Thread.ofVirtual().name("batch-" + mapping.name()).start(
                            () -> deliver(shardId, batch, mapping.maxRetries()));
                }
            }
        }
        savePositionIfSettled(shardId);
        return !response.records().isEmpty();
    }

    /** When every record read from the shard is settled (processed, or sent to on-failure), the mapping moves past it. */
    private void savePositionIfSettled(String shardId) {
        Lane[] shardLanes = lanes.get(shardId);
        if (shardLanes == null || !lastRead.containsKey(shardId)) return;
        for (Lane lane : shardLanes) {
            if (lane.busy() || !lane.waiting.isEmpty()) return;
        }
        mapping.positions().save(mapping.name(), shardId, lastRead.remove(shardId));
    }

    private Lane[] newLanes() {
        Lane[] created = new Lane[Math.max(1, mapping.parallelization())];
        for (int i = 0; i < created.length; i++) created[i] = new Lane();
        return created;
    }

    private int laneOf(ObjectNode event) {
        return laneOfKeys(event.path("dynamodb").path("Keys"), mapping.parallelization());
    }

    /** The lane of a record's partition key (its Keys, as delivered): one key's records stay in order. */
    public static int laneOfKeys(JsonNode keys, int lanes) {
        return Math.floorMod(keys.toString().hashCode(), Math.max(1, lanes));
    }

    /** The first read of a shard asks for this many: a stream of 100 KB records would answer 1,000 with 100 MB. */
    static final int FIRST_READ_LIMIT = 100;

    /**
     * The next read's record limit: the emulator answers a read with as many records as asked,
     * however large; GetRecords stops at 1 MB, so after a read past it the next asks for the count
     * that would have fit, and after a full one that stayed under it for twice as many (up to 1,000).
     */
    static int nextReadLimit(int limit, int records, long bytes) {
        if (records > 0 && bytes > BYTES_PER_READ) return (int) Math.clamp(records * (long) BYTES_PER_READ / bytes, 1, RECORDS_PER_READ);
        if (records >= limit) return Math.min(RECORDS_PER_READ, limit * 2);
        return limit;
    }

    /** The first records waiting, up to BatchSize and the 6 MB an invocation payload may hold (at least one). */
    private List<ObjectNode> takeBatch(List<ObjectNode> waiting) {
        List<ObjectNode> batch = new ArrayList<>();
        long bytes = 64; // the event's envelope
        for (ObjectNode record : waiting) {
            if (batch.size() == mapping.batchSize()) break;
            long size = record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L;
            if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) break;
            batch.add(record);
            bytes += size;
        }
        waiting.subList(0, batch.size()).clear();
        return batch;
    }

    /** Where a mapping starts: after its saved position (a restart keeps it), else its StartingPosition. */
    private String firstIterator(String shardId) {
        String after = mapping.positions().load(mapping.name(), shardId);
        if (after != null) {
            return streams.getShardIterator(r -> r.streamArn(mapping.streamArn()).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after)).shardIterator();
        }
        return streams.getShardIterator(r -> r.streamArn(mapping.streamArn()).shardId(shardId)
                .shardIteratorType(mapping.startingPosition())).shardIterator();
    }

    /** Invokes the function on {@code batch}, retrying as the mapping says; exhausted batches go to on-failure. */
    private void deliver(String shardId, List<ObjectNode> batch, int retriesLeft) {
        List<ObjectNode> fresh = dropExpired(shardId, batch);
        if (fresh.isEmpty()) return;
        List<ObjectNode> failedFrom;
        try {
            String response = mapping.function().invoke(eventOf(fresh));
            failedFrom = mapping.reportBatchItemFailures() ? retryFrom(fresh, response) : List.of();
        } catch (LocalFunction.FunctionErrorException e) {
            LOG.warn("{}: function error on a batch of {}: {}", mapping.name(), fresh.size(), e.getMessage());
            if (retriesLeft > 0 && mapping.bisect() && fresh.size() > 1) {
                int half = fresh.size() / 2;
                deliver(shardId, fresh.subList(0, half), retriesLeft - 1);
                deliver(shardId, fresh.subList(half, fresh.size()), retriesLeft - 1);
                return;
            }
            failedFrom = fresh;
        }
        if (failedFrom.isEmpty()) return;
        if (retriesLeft > 0) {
            deliver(shardId, failedFrom, retriesLeft - 1);
        } else {
            sendToOnFailure(shardId, failedFrom, "RetryAttemptsExhausted");
        }
    }

    /** Lambda checkpoints before the lowest failed sequence number and retries from it. */
    private static List<ObjectNode> retryFrom(List<ObjectNode> batch, String response) {
        JsonNode failures = batchItemFailures(response);
        if (failures == null) return batch; // an unreadable response fails the whole batch
        if (failures.isEmpty()) return List.of();
        BigInteger lowest = null;
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            if (id.isBlank() || !id.chars().allMatch(Character::isDigit)) return batch; // an unusable identifier fails the whole batch
            BigInteger seq = new BigInteger(id);
            lowest = lowest == null || seq.compareTo(lowest) < 0 ? seq : lowest;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (sequenceOf(batch.get(i)).equals(lowest)) return batch.subList(i, batch.size());
        }
        return batch;
    }

    /** The response's batchItemFailures (empty when none), or null when the response is not a batch response. */
    private static JsonNode batchItemFailures(String response) {
        try {
            JsonNode node = JSON.readTree(response == null || response.isBlank() ? "null" : response);
            if (node == null || node.isNull()) return JSON.createArrayNode();
            JsonNode failures = node.path("batchItemFailures");
            return failures.isMissingNode() || failures.isNull() ? JSON.createArrayNode() : failures.isArray() ? failures : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private List<ObjectNode> dropExpired(String shardId, List<ObjectNode> batch) {
        if (mapping.maxRecordAge() == null) return batch;
        long oldest = Instant.now().minus(mapping.maxRecordAge()).getEpochSecond();
        List<ObjectNode> expired = batch.stream()
                .filter(r -> r.path("dynamodb").path("ApproximateCreationDateTime").asLong() < oldest).toList();
        if (expired.isEmpty()) return batch;
        sendToOnFailure(shardId, expired, "RecordAgeExceeded");
        return batch.stream().filter(r -> !expired.contains(r)).toList();
    }

    private void sendToOnFailure(String shardId, List<ObjectNode> batch, String condition) {
        LocalFunction consumer = mapping.onFailure();
        if (consumer == null) {
            LOG.error("{}: batch of {} records discarded ({}), no on-failure destination", mapping.name(), batch.size(), condition);
            return;
        }
        LOG.warn("{}: batch of {} records sent to the on-failure destination ({})", mapping.name(), batch.size(), condition);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode requestContext = body.putObject("requestContext");
        requestContext.put("requestId", UUID.randomUUID().toString());
        requestContext.put("functionArn", LocalFunction.arn(mapping.function().logicalId()));
        requestContext.put("condition", condition);
        requestContext.put("approximateInvokeCount", mapping.maxRetries() + 1);
        body.put("version", "1.0");
        body.put("timestamp", Instant.now().toString());
        ObjectNode info = body.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", sequenceOf(batch.getFirst()).toString());
        info.put("endSequenceNumber", sequenceOf(batch.getLast()).toString());
        info.put("batchSize", batch.size());
        info.put("streamArn", mapping.streamArn());

        // SQS hands the message to its consumer again after the visibility timeout, up to maxReceiveCount
        // times, then parks it in the dead-letter queue; locally the wait is shortened (onFailureRedelivery)
        Thread.ofVirtual().name("on-failure-" + mapping.name()).start(() -> {
            for (int receive = 1; receive <= mapping.onFailureReceives() && running; receive++) {
                try {
                    JsonNode failures = batchItemFailures(consumer.invoke(sqsEvent(body, receive)));
                    if (failures != null && failures.isEmpty()) return;
                    LOG.info("on-failure consumer {} asked for the message again", consumer.logicalId());
                } catch (LocalFunction.FunctionErrorException e) {
                    LOG.warn("on-failure consumer {} failed: {}", consumer.logicalId(), e.getMessage());
                }
                if (receive < mapping.onFailureReceives()) pause(mapping.onFailureRedelivery());
            }
            LOG.error("{}: on-failure message not settled after {} receives; it would be in the dead-letter queue now",
                    mapping.name(), mapping.onFailureReceives());
        });
    }

    private static String sqsEvent(ObjectNode body, int receive) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        ObjectNode message = event.putArray("Records").addObject();
        message.put("messageId", UUID.nameUUIDFromBytes(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        message.put("receiptHandle", UUID.randomUUID().toString());
        message.put("body", body.toString());
        message.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receive));
        message.putObject("messageAttributes");
        message.put("eventSource", "aws:sqs");
        message.put("eventSourceARN", "arn:aws:sqs:local:000000000000:FailedBatchesQueue");
        message.put("awsRegion", "local");
        return event.toString();
    }

    private static String eventOf(List<ObjectNode> records) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode array = root.putArray("Records");
        records.forEach(array::add);
        return root.toString();
    }

    private static BigInteger sequenceOf(JsonNode record) {
        return new BigInteger(record.path("dynamodb").path("SequenceNumber").asText());
    }

    /** The record as Lambda delivers it (and as FilterCriteria see it). */
    private ObjectNode toLambdaRecord(Record record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", record.awsRegion());
        node.put("eventSourceARN", mapping.streamArn());
        var data = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        Instant created = data.approximateCreationDateTime() == null ? Instant.now() : data.approximateCreationDateTime();
        dynamodb.put("ApproximateCreationDateTime", created.getEpochSecond());
        if (data.hasKeys()) dynamodb.set("Keys", image(data.keys()));
        if (data.hasNewImage()) dynamodb.set("NewImage", image(data.newImage()));
        if (data.hasOldImage()) dynamodb.set("OldImage", image(data.oldImage()));
        dynamodb.put("SequenceNumber", data.sequenceNumber());
        dynamodb.put("SizeBytes", data.sizeBytes() == null ? 0 : data.sizeBytes());
        dynamodb.put("StreamViewType", data.streamViewTypeAsString());
        return node;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        item.forEach((k, v) -> node.set(k, wire(v)));
        return node;
    }

    /** An attribute value in DynamoDB's JSON wire format ({"S": ..}, {"M": {..}}, ...). */
    static ObjectNode wire(AttributeValue value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(base64(b)));
            case L -> value.l().forEach(v -> node.withArray("L").add(wire(v)));
            case M -> node.set("M", image(value.m()));
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        if (value.type() == AttributeValue.Type.L && !node.has("L")) node.putArray("L");
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration); // the Streams API has no long poll: Lambda's poller waits between reads too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            // a batch in flight finishes and its position is kept, as an event source mapping being disabled does
            thread.join(CLOSE_GRACE);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
            long until = System.nanoTime() + CLOSE_GRACE.toNanos();
            for (Lane[] shardLanes : lanes.values()) {
                for (Lane lane : shardLanes) {
                    Thread delivering = lane.delivering;
                    long left = until - System.nanoTime();
                    if (delivering != null && left > 0) delivering.join(Duration.ofNanos(left));
                }
            }
            // the batches that finished since the last poll: their position is kept, as before a restart
            if (!thread.isAlive()) lanes.keySet().forEach(this::savePositionIfSettled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
