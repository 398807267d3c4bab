package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.emulator.S3Emulator;
import com.keywordtrend.local.template.SamTemplate;
import com.keywordtrend.local.template.TemplateTables;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.ResultObjectMissingException;
import com.keywordtrend.model.TrendsResults;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import com.keywordtrend.store.S3ResultObjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Results that outgrow the item (issue 21), against the real DynamoDB API (Dynoxide) and the real S3
 * API (S3Mock): written to the bucket before the completion that points to them, read back whole by
 * their owner only, never overwritten by another attempt, and a clear refusal when the object is gone.
 */
class ResultObjectsTest {
    static final String TABLE = "JobsTable";
    static final String BUCKET = "keyword-trend-results";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    /** Lower than the 64 KB default, so that results of a few hundred KB (fast to make) take the bucket's path. */
    static final int INLINE_MAX_BYTES = 8 * 1024;

    static Dynoxide dynoxide;
    static S3Emulator s3Emulator;
    static DynamoDbClient dynamoDb;
    static S3Client s3;
    static DynamoDbJobRepository repository;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        dynoxide = Dynoxide.start(root, 0, null, Duration.ofSeconds(20));
        s3Emulator = S3Emulator.start(root, 0, Files.createTempDirectory("s3mock-"), List.of(BUCKET), Duration.ofSeconds(60));
        Map<String, String> settings = Map.of(AwsClients.ENDPOINT, dynoxide.endpoint(), AwsClients.S3_ENDPOINT, s3Emulator.endpoint());
        dynamoDb = AwsClients.dynamoDb(settings::get, Duration.ofSeconds(5), AwsClients.emulatorCredentials());
        TemplateTables.create(SamTemplate.load(root.resolve("template.yaml")), dynamoDb);
        // a short call timeout, as the processors give S3 at completion: a frozen bucket fails the call, not the job
        s3 = AwsClients.s3(settings::get, Duration.ofSeconds(3), AwsClients.emulatorCredentials());
        repository = new DynamoDbJobRepository(dynamoDb, TABLE,
                new S3ResultObjects(s3, AwsClients.s3Presigner(settings::get, AwsClients.emulatorCredentials()), BUCKET), INLINE_MAX_BYTES);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) s3.close();
        if (dynamoDb != null) dynamoDb.close();
        if (s3Emulator != null) s3Emulator.close();
        if (dynoxide != null) dynoxide.close();
    }

    /**
     * A trends job's results (as the processor writes them) of {@code keywords} × {@code days} values with
     * noise, as pageviews have (so that it compresses as real series do, not 20:1): 50 × 1,825 (five
     * years daily) is about 2 MB as a poll shows it.
     */
    static ObjectNode timeline(int keywords, int days) {
        java.util.Random noise = new java.util.Random(keywords * 31L + days);
        List<String> dates = new java.util.ArrayList<>();
        Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
        for (int day = 0; day < days; day++) dates.add(java.time.LocalDate.of(2020, 1, 1).plusDays(day).toString());
        for (int k = 0; k < keywords; k++) {
            List<Double> values = new java.util.ArrayList<>();
            for (int day = 0; day < days; day++) values.add(Math.round((50 + 40 * Math.sin(day / 30.0 + k) + noise.nextGaussian()) * 100) / 100.0);
            series.put("keyword " + k, values);
        }
        return new TrendsResults("daily", new TrendsResults.Timeline(dates, series), JSON.createObjectNode().put("summary", "test"),
                List.of(), false).toAttributes();
    }

    static Job claimedJob(String owner, String holder) {
        Job job = Job.pending(UUID.randomUUID().toString(), JobType.TRENDS, owner, NOW, JobPolicy.DEFAULT,
                JSON.createObjectNode().put("industry", "retail"));
        repository.create(job);
        repository.claim(job.jobId(), holder, NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        return job;
    }

    static Map<String, AttributeValue> item(String jobId) {
        return dynamoDb.getItem(r -> r.tableName(TABLE).key(Map.of("job_id", AttributeValue.fromS(jobId))).consistentRead(true)).item();
    }

    @Test
    void a_two_megabyte_result_goes_to_the_bucket_the_item_stays_small_and_only_its_owner_reads_it_back() throws Exception {
        ObjectNode results = timeline(50, 1825);
        int jsonBytes = com.keywordtrend.model.JobResults.storedReply(JobType.TRENDS, results).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(jsonBytes > 1_500_000, "about 2 MB as a poll shows it: " + jsonBytes);
        Job job = claimedJob("alice", "attempt-1");
        assertTrue(repository.complete(job.jobId(), "attempt-1", results, NOW));

        var item = item(job.jobId());
        int itemBytes = item.entrySet().stream().mapToInt(e -> e.getKey().length() + com.keywordtrend.store.AttributeJson.storedSize(e.getValue())).sum();
        System.out.printf("S3 RESULT %d bytes as JSON; item %d bytes; key %s%n", jsonBytes, itemBytes, item.get("s3_key").s());
        assertTrue(itemBytes < 10 * 1024, "item " + itemBytes + " bytes");
        assertFalse(item.containsKey("timeline"), "the result is not in the item");
        assertTrue(item.get("s3_key").s().startsWith("results/") && !item.get("s3_key").s().contains("alice"), item.get("s3_key").s());
        assertEquals(Integer.toString(jsonBytes), item.get("result_bytes").n());

        Job read = repository.findOwned(job.jobId(), "alice").orElseThrow();
        assertEquals(JobStatus.COMPLETED, read.status());
        assertEquals(results.get("timeline"), read.data().get("timeline"));
        assertEquals(item.get("s3_key").s(), read.data().get("s3_key").asText(), "the contract's poll shows s3_key when the job has one");
        assertFalse(read.data().has("result_sha256") || read.data().has("result_bytes"), "the checksum and size are the store's own");
        assertTrue(repository.findOwned(job.jobId(), "mallory").isEmpty(), "another owner learns nothing");
    }

    @Test
    void a_presigned_url_downloads_the_stored_result() throws Exception {
        ObjectNode results = timeline(20, 600);
        Job job = claimedJob("alice", "attempt-1");
        assertTrue(repository.complete(job.jobId(), "attempt-1", results, NOW));
        String key = item(job.jobId()).get("s3_key").s();
        URI url = new S3ResultObjects(s3, AwsClients.s3Presigner(Map.of(AwsClients.S3_ENDPOINT, s3Emulator.endpoint())::get,
                AwsClients.emulatorCredentials()), BUCKET).presignedGet(key, Duration.ofMinutes(5));
        assertTrue(url.getQuery().contains("X-Amz-Expires=300") && url.getQuery().contains("X-Amz-Signature="), url.toString());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(got.body()))) {
                assertEquals(com.keywordtrend.model.JobResults.storedReply(JobType.TRENDS, results), JSON.readTree(in),
                        "what a poll would show");
            }
        }
    }

    @Test
    void the_api_reads_a_result_with_a_signed_get_and_hands_out_a_url_for_one_too_large_to_answer() throws Exception {
        // the API's repository: no S3 client, a signed GET; a reply limit of 1 MB here (5 MB by default, Lambda answers at most 6)
        var api = new DynamoDbJobRepository(dynamoDb, TABLE, new com.keywordtrend.store.SignedResultReader(
                com.keywordtrend.store.SignedResultReader.endpointOf(BUCKET, "us-east-1", s3Emulator.endpoint()), "us-east-1",
                AwsClients.emulatorCredentials(), Duration.ofSeconds(10)), INLINE_MAX_BYTES, 1_000_000);
        Job small = claimedJob("alice", "attempt-1");
        ObjectNode fits = timeline(30, 400);
        assertTrue(repository.complete(small.jobId(), "attempt-1", fits, NOW));
        Job read = api.findOwned(small.jobId(), "alice").orElseThrow();
        assertEquals(fits.get("timeline"), read.data().get("timeline"));
        assertFalse(read.data().has("result_url"));

        Job large = claimedJob("alice", "attempt-1");
        ObjectNode tooLarge = timeline(50, 1825);
        assertTrue(repository.complete(large.jobId(), "attempt-1", tooLarge, NOW));
        Job handedOut = api.findOwned(large.jobId(), "alice").orElseThrow();
        assertFalse(handedOut.data().has("timeline"), "not read: it would not fit a reply");
        URI url = URI.create(handedOut.data().get("result_url").asText());
        assertTrue(url.getQuery().contains("X-Amz-Expires=900"), "valid for 15 minutes: " + url);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(got.body()))) {
                JsonNode downloaded = JSON.readTree(in);
                assertEquals(com.keywordtrend.model.JobResults.storedReply(JobType.TRENDS, tooLarge), downloaded);
                assertEquals(1825, downloaded.get("timeline").size());
                assertEquals("2020-01-01", downloaded.get("timeline").get(0).get("date").asText());
            }
        }
        assertTrue(api.findOwned(large.jobId(), "mallory").isEmpty(), "another owner gets no URL");
    }

    @Test
    void a_completion_that_loses_its_condition_leaves_the_winners_result_whole() throws Exception {
        Job job = claimedJob("alice", "attempt-1");
        // attempt 1's lease ran out; attempt 2 reclaimed the job and completed it
        repository.claim(job.jobId(), "attempt-2", NOW.plusSeconds(120), NOW.plusSeconds(180), JobPolicy.DEFAULT).orElseThrow();
        ObjectNode winner = timeline(30, 400);
        assertTrue(repository.complete(job.jobId(), "attempt-2", winner, NOW.plusSeconds(130)));
        String winnersKey = item(job.jobId()).get("s3_key").s();
        // attempt 1 finishes late with another result: its write must not replace what the item points to
        assertFalse(repository.complete(job.jobId(), "attempt-1", timeline(30, 401), NOW.plusSeconds(140)));
        assertEquals(winner.get("timeline"), repository.findOwned(job.jobId(), "alice").orElseThrow().data().get("timeline"));
        assertEquals(winnersKey, item(job.jobId()).get("s3_key").s(), "the item points to the winner's object still");
        var keys = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(winnersKey.substring(0, winnersKey.lastIndexOf('/') + 1)))
                .contents().stream().map(o -> o.key()).toList();
        assertEquals(2, keys.size(), "the loser's object is its own (the lifecycle rule expires it): " + keys);
    }

    @Test
    void an_unreachable_bucket_fails_the_completion_and_the_job_stays_with_its_attempt() throws Exception {
        Job job = claimedJob("alice", "attempt-1");
        s3Emulator.pause();
        try {
            assertThrows(JobStoreUnavailableException.class, () -> repository.complete(job.jobId(), "attempt-1", timeline(30, 400), NOW));
        } finally {
            s3Emulator.resume();
        }
        Job after = repository.find(job.jobId()).orElseThrow();
        assertEquals(JobStatus.PROCESSING, after.status(), "never COMPLETED without its result");
        assertEquals("attempt-1", after.leaseHolder());
        assertTrue(repository.complete(job.jobId(), "attempt-1", timeline(30, 400), NOW), "a retry completes it once the bucket answers");
    }

    @Test
    void an_object_deleted_under_a_completed_job_is_refused_clearly() throws Exception {
        Job job = claimedJob("alice", "attempt-1");
        assertTrue(repository.complete(job.jobId(), "attempt-1", timeline(30, 400), NOW));
        s3.deleteObject(r -> r.bucket(BUCKET).key(item(job.jobId()).get("s3_key").s()));
        var missing = assertThrows(ResultObjectMissingException.class, () -> repository.findOwned(job.jobId(), "alice"));
        assertEquals("the result of job " + job.jobId() + " is no longer stored", missing.getMessage());
        assertTrue(repository.findOwned(job.jobId(), "mallory").isEmpty(), "another owner still learns nothing");
    }

    @Test
    void a_small_result_stays_in_the_item() throws Exception {
        Job job = claimedJob("alice", "attempt-1");
        assertTrue(repository.complete(job.jobId(), "attempt-1", timeline(3, 20), NOW));
        var item = item(job.jobId());
        assertFalse(item.containsKey("s3_key"));
        assertTrue(item.containsKey("timeline"));
    }
}
