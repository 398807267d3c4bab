package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.template.SamTemplate;
import com.keywordtrend.local.template.TemplateTables;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobLimits;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobRepositoryContract;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.ResultTooLargeException;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The repository contract against the real DynamoDB API (Dynoxide), and what only DynamoDB can show. */
class DynamoDbJobRepositoryTest extends JobRepositoryContract {
    static final String TABLE = "JobsTable";

    static Dynoxide dynoxide;
    static DynamoDbClient client;

    @BeforeAll
    static void start() throws Exception {
        dynoxide = Dynoxide.start(Path.of("..").toAbsolutePath().normalize(), 0, null, Duration.ofSeconds(20));
        client = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, dynoxide.endpoint())::get, Duration.ofSeconds(5),
                AwsClients.emulatorCredentials());
        // the table as template.yaml declares it, index included: the repository's queries must fit it
        TemplateTables.create(SamTemplate.load(Path.of("..").toAbsolutePath().normalize().resolve("template.yaml")), client);
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (dynoxide != null) dynoxide.close();
    }

    @Override
    protected JobRepository newRepository() {
        return new DynamoDbJobRepository(client, TABLE);
    }

    @Test
    void complete_by_the_owner_stores_small_results_as_native_attributes() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        assertTrue(repository.reportProgress(job.jobId(), "a", 40, "scoring", NOW));
        ObjectNode results = (ObjectNode) JSON.readTree("{\"keywords\":[{\"term\":\"AI diagnostics\",\"weight\":0.95}]}");
        assertTrue(repository.complete(job.jobId(), "a", results, NOW));
        Job done = repository.find(job.jobId()).orElseThrow();
        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(0.95, done.data().get("keywords").get(0).get("weight").asDouble());
        var item = client.getItem(r -> r.tableName(TABLE).key(Map.of("job_id", AttributeValue.fromS(job.jobId())))).item();
        assertEquals(AttributeValue.Type.L, item.get("keywords").type());
        assertEquals(AttributeValue.Type.M, item.get("keywords").l().getFirst().type());
    }

    @Test
    void a_large_result_is_stored_gzipped_in_one_binary_attribute_and_read_back_whole() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        // a trends timeline at the documented maximum: 50 keywords x 600 days, over 350 KB as JSON
        ObjectNode timeline = JSON.createObjectNode();
        for (int k = 0; k < 50; k++) {
            var values = timeline.putArray("keyword " + k);
            for (int day = 0; day < 600; day++) values.add(Math.round(50 + 40 * Math.sin(day / 30.0 + k)) / 1.5);
        }
        ObjectNode results = JSON.createObjectNode().put("insights", "short text stays native");
        results.set("timeline", timeline);
        assertTrue(results.toString().length() > JobLimits.MAX_RESULT_BYTES, "the JSON alone would not fit the budget");

        assertTrue(repository.complete(job.jobId(), "a", results, NOW));

        var item = client.getItem(r -> r.tableName(TABLE).key(Map.of("job_id", AttributeValue.fromS(job.jobId())))).item();
        assertEquals(AttributeValue.Type.B, item.get("timeline").type());
        assertTrue(item.get("timeline").b().asByteArray().length < 100 * 1024, item.get("timeline").b().asByteArray().length + " bytes");
        assertEquals(AttributeValue.Type.S, item.get("insights").type());
        Job done = repository.find(job.jobId()).orElseThrow();
        assertEquals(timeline, done.data().get("timeline"));
        assertEquals("short text stays native", done.data().get("insights").asText());
    }

    @Test
    void a_result_that_does_not_compress_below_the_budget_is_refused_before_writing() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        var random = new java.util.Random(7);
        ObjectNode results = JSON.createObjectNode();
        var noise = results.putArray("timeline");
        while (noise.size() < 40_000) noise.add(Long.toString(random.nextLong(), 36));
        assertThrows(ResultTooLargeException.class, () -> repository.complete(job.jobId(), "a", results, NOW));
        assertEquals(JobStatus.PROCESSING, repository.find(job.jobId()).orElseThrow().status());
    }

    @Test
    void results_too_large_for_the_item_are_refused_before_writing() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        ObjectNode results = JSON.createObjectNode().put("insights", "x".repeat(JobLimits.MAX_RESULT_BYTES + 1));
        assertThrows(ResultTooLargeException.class, () -> repository.complete(job.jobId(), "a", results, NOW));
    }

    @Test
    void unreachable_store_is_reported_as_unavailable() {
        try (DynamoDbClient nowhere = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, "http://127.0.0.1:1")::get,
                Duration.ofSeconds(2), AwsClients.emulatorCredentials())) {
            var unreachable = new DynamoDbJobRepository(nowhere, TABLE);
            assertThrows(JobStoreUnavailableException.class, () -> unreachable.find(UUID.randomUUID().toString()));
        }
    }

    @Test
    void progress_write_gives_up_long_before_the_clients_call_timeout_when_the_store_is_unreachable() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        try (NetworkLink link = new NetworkLink(dynoxide.port());
             DynamoDbClient patient = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, link.endpoint())::get,
                     Duration.ofSeconds(60), AwsClients.emulatorCredentials())) {
            var cutOff = new DynamoDbJobRepository(patient, TABLE);
            assertTrue(cutOff.reportProgress(job.jobId(), "a", 10, "sources", NOW), "the link carries calls until cut");
            link.cut();
            long started = System.nanoTime();
            assertThrows(JobStoreUnavailableException.class, () -> cutOff.reportProgress(job.jobId(), "a", 20, "scoring", NOW));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            // a bound, not a benchmark: the progress write has its own short timeout, not the client's 60 s
            assertTrue(waited.compareTo(Duration.ofSeconds(20)) < 0, "gave up after " + waited);
        }
        assertEquals(10, repository.find(job.jobId()).orElseThrow().progress(), "nothing sent into the cut arrived");
    }

    @Test
    void missing_credentials_are_a_misconfiguration_not_a_busy_store() {
        // what the SDK's chain throws when a function has neither access keys nor a container endpoint
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        try (DynamoDbClient unsigned = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, dynoxide.endpoint())::get,
                Duration.ofSeconds(2), none)) {
            var misconfigured = new DynamoDbJobRepository(unsigned, TABLE);
            RuntimeException error = assertThrows(RuntimeException.class, () -> misconfigured.find(UUID.randomUUID().toString()));
            assertFalse(error instanceof JobStoreUnavailableException, "a 503 with Retry-After would hide it: " + error);
        }
    }
}
