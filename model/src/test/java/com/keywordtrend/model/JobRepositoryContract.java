package com.keywordtrend.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobExistsException;
import com.keywordtrend.model.JobPage;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobQuery;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRepository} must do, run against DynamoDB (Dynoxide, in the system tests'
 * DynamoDbJobRepositoryTest) and against the in-memory fake the unit tests use, so that the fake
 * cannot drift from DynamoDB's conditions.
 */
public abstract class JobRepositoryContract {
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected JobRepository repository;

    /** The repository under test, empty or not: every test works on jobs of its own. */
    protected abstract JobRepository newRepository() throws Exception;

    @BeforeEach
    void setUpRepository() throws Exception {
        repository = newRepository();
    }

    protected Job newJob() throws Exception {
        return newJob("owner-" + UUID.randomUUID(), JobType.ORCHESTRATE, NOW);
    }

    protected Job newJob(String owner, JobType type, Instant createdAt) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree("{\"industry\":\"healthcare\",\"usp\":\"AI\",\"key_services\":[\"imaging\"]}");
        Job job = Job.pending(UUID.randomUUID().toString(), type, owner, createdAt, JobPolicy.DEFAULT, data);
        repository.create(job);
        return job;
    }

    @Test
    void create_never_overwrites_an_existing_job() throws Exception {
        Job job = newJob();
        Job other = new Job(job.jobId(), JobType.TRENDS, "someone-else", JobStatus.PENDING, NOW, NOW, job.expiresAt(), 0, "queued",
                null, null, null, 0, JSON.createObjectNode());
        JobExistsException refused = assertThrows(JobExistsException.class, () -> repository.create(other));
        assertEquals(job, refused.existing(), "the refusal carries the stored job");
        assertEquals(job, repository.find(job.jobId()).orElseThrow());
    }

    @Test
    void create_then_find_round_trips_every_field() throws Exception {
        Job job = newJob();
        Job found = repository.find(job.jobId()).orElseThrow();
        assertEquals(job, found);
    }

    @Test
    void find_owned_gives_the_job_to_its_owner_only() throws Exception {
        Job job = newJob();
        assertEquals(job.jobId(), repository.findOwned(job.jobId(), job.owner()).orElseThrow().jobId());
        assertTrue(repository.findOwned(job.jobId(), job.owner() + "-not").isEmpty(), "another owner's job is not found");
        assertTrue(repository.findOwned(UUID.randomUUID().toString(), job.owner()).isEmpty());
    }

    @Test
    void find_of_unknown_job_is_empty() {
        assertTrue(repository.find(UUID.randomUUID().toString()).isEmpty());
    }

    @Test
    void holders_of_many_jobs_name_the_holder_of_each_processing_one_and_leave_out_the_rest() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 130; i++) { // more than one BatchGetItem holds
            Job job = newJob();
            ids.add(job.jobId());
            if (i % 3 != 0) {
                repository.claim(job.jobId(), "invocation-" + i, NOW, NOW.plusSeconds(30), JobPolicy.DEFAULT).orElseThrow();
                held.add(job.jobId());
            }
        }
        Job cancelled = repository.find(held.getFirst()).orElseThrow();
        repository.cancel(cancelled.jobId(), cancelled.owner(), NOW);
        Job completed = repository.find(held.get(1)).orElseThrow();
        repository.complete(completed.jobId(), completed.leaseHolder(), JSON.createObjectNode(), NOW);
        ids.add(UUID.randomUUID().toString()); // no such job

        var holders = repository.holdersOf(ids);

        assertEquals(held.size() - 2, holders.size());
        for (int i = 0; i < 130; i++) {
            String id = ids.get(i);
            boolean stillHeld = held.contains(id) && !id.equals(cancelled.jobId()) && !id.equals(completed.jobId());
            assertEquals(stillHeld ? "invocation-" + i : null, holders.get(id), "job " + i);
        }
    }

    @Test
    void claim_succeeds_once_and_counts_the_attempt() throws Exception {
        Job job = newJob();
        Instant lease = NOW.plusSeconds(60);
        Job claimed = repository.claim(job.jobId(), "a", NOW, lease, JobPolicy.DEFAULT).orElseThrow();
        assertEquals(JobStatus.PROCESSING, claimed.status());
        assertEquals(1, claimed.attempts());
        assertEquals("a", claimed.leaseHolder());
        assertEquals(job.owner(), claimed.owner(), "a claim never changes who owns the job");
        assertEquals(lease, claimed.leaseExpiresAt());
        assertTrue(repository.claim(job.jobId(), "b", NOW, lease, JobPolicy.DEFAULT).isEmpty());
    }

    @Test
    void expired_lease_can_be_reclaimed_by_the_retry() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(1), JobPolicy.DEFAULT).orElseThrow();
        Job reclaimed = repository.claim(job.jobId(), "b", NOW.plusSeconds(5), NOW.plusSeconds(65), JobPolicy.DEFAULT).orElseThrow();
        assertEquals("b", reclaimed.leaseHolder());
        assertEquals(2, reclaimed.attempts());
        assertFalse(repository.reportProgress(job.jobId(), "a", 50, "late", NOW.plusSeconds(6)), "the old owner lost its claim");
    }

    @Test
    void claim_stops_after_the_attempt_budget() throws Exception {
        Job job = newJob();
        JobPolicy policy = new JobPolicy(Duration.ofDays(7), Duration.ofHours(1), Duration.ofHours(1), 2, Duration.ofSeconds(30));
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(1), policy).orElseThrow();
        repository.claim(job.jobId(), "b", NOW.plusSeconds(2), NOW.plusSeconds(3), policy).orElseThrow();
        assertTrue(repository.claim(job.jobId(), "c", NOW.plusSeconds(4), NOW.plusSeconds(5), policy).isEmpty());
        assertTrue(policy.abandonedReason(repository.find(job.jobId()).orElseThrow(), NOW.plusSeconds(4)).isPresent());
    }

    @Test
    void pending_job_older_than_the_pending_timeout_cannot_be_claimed() throws Exception {
        Job job = newJob();
        assertTrue(repository.claim(job.jobId(), "a", NOW.plus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(3)),
                JobPolicy.DEFAULT).isEmpty());
    }

    @Test
    void complete_removes_result_attributes_set_to_null() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        ObjectNode results = (ObjectNode) JSON.readTree("{\"usp\":null,\"timeline\":{\"dates\":[]}}");
        assertTrue(repository.complete(job.jobId(), "a", results, NOW));
        Job done = repository.find(job.jobId()).orElseThrow();
        assertFalse(done.data().has("usp"));
        assertTrue(done.data().has("timeline"));
    }

    @Test
    void another_invocation_can_neither_complete_nor_fail_a_claimed_job() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        assertFalse(repository.complete(job.jobId(), "b", JSON.createObjectNode(), NOW));
        assertFalse(repository.fail(job.jobId(), "b", "x", NOW));
        assertEquals(JobStatus.PROCESSING, repository.find(job.jobId()).orElseThrow().status());
    }

    @Test
    void a_final_job_never_changes_again() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(60), JobPolicy.DEFAULT).orElseThrow();
        assertTrue(repository.complete(job.jobId(), "a", JSON.createObjectNode(), NOW));
        assertEquals(JobRepository.AbandonOutcome.ALREADY_FINAL, repository.failAbandoned(job.jobId(), "late failure", NOW));
        assertFalse(repository.fail(job.jobId(), "a", "late failure", NOW));
        assertTrue(repository.claim(job.jobId(), "b", NOW.plusSeconds(120), NOW.plusSeconds(180), JobPolicy.DEFAULT).isEmpty());
        assertEquals(JobStatus.COMPLETED, repository.find(job.jobId()).orElseThrow().status());
    }

    @Test
    void fail_abandoned_settles_a_pending_job() throws Exception {
        Job job = newJob();
        assertEquals(JobRepository.AbandonOutcome.FAILED, repository.failAbandoned(job.jobId(), "gave up", NOW));
        Job failed = repository.find(job.jobId()).orElseThrow();
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("gave up", failed.errorMessage());
    }

    @Test
    void fail_abandoned_never_touches_a_job_under_a_live_lease_but_settles_it_once_the_lease_lapsed() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(30), JobPolicy.DEFAULT).orElseThrow();
        assertEquals(JobRepository.AbandonOutcome.LEASED, repository.failAbandoned(job.jobId(), "gave up", NOW.plusSeconds(10)));
        assertEquals(JobStatus.PROCESSING, repository.find(job.jobId()).orElseThrow().status());
        assertEquals(JobRepository.AbandonOutcome.FAILED, repository.failAbandoned(job.jobId(), "gave up", NOW.plusSeconds(31)));
        assertEquals(JobRepository.AbandonOutcome.MISSING,
                repository.failAbandoned(UUID.randomUUID().toString(), "gave up", NOW));
    }

    @Test
    void renew_lease_extends_only_the_owners_claim() throws Exception {
        Job job = newJob();
        repository.claim(job.jobId(), "a", NOW, NOW.plusSeconds(30), JobPolicy.DEFAULT).orElseThrow();
        assertTrue(repository.renewLease(job.jobId(), "a", NOW.plusSeconds(40), NOW.plusSeconds(10)));
        assertEquals(NOW.plusSeconds(40), repository.find(job.jobId()).orElseThrow().leaseExpiresAt());
        assertFalse(repository.renewLease(job.jobId(), "b", NOW.plusSeconds(90), NOW.plusSeconds(10)));
        assertEquals(NOW.plusSeconds(40), repository.find(job.jobId()).orElseThrow().leaseExpiresAt());
    }

    @Test
    void cancel_fails_a_pending_or_processing_job_once_and_marks_it_cancelled() throws Exception {
        Job pending = newJob();
        assertEquals(JobRepository.CancelOutcome.CANCELLED, repository.cancel(pending.jobId(), pending.owner(), NOW));
        Job cancelled = repository.find(pending.jobId()).orElseThrow();
        assertEquals(JobStatus.FAILED, cancelled.status());
        assertEquals(JobRepository.CANCELLED_MESSAGE, cancelled.errorMessage());
        assertTrue(cancelled.data().get(JobRepository.CANCELLED).asBoolean());
        assertEquals(JobRepository.CancelOutcome.ALREADY_FINAL, repository.cancel(pending.jobId(), pending.owner(), NOW));

        Job running = newJob();
        repository.claim(running.jobId(), "a", NOW, NOW.plusSeconds(30), JobPolicy.DEFAULT).orElseThrow();
        assertEquals(JobRepository.CancelOutcome.CANCELLED, repository.cancel(running.jobId(), running.owner(), NOW));
        assertFalse(repository.renewLease(running.jobId(), "a", NOW.plusSeconds(40), NOW), "the holder lost the job");
        assertFalse(repository.complete(running.jobId(), "a", JSON.createObjectNode(), NOW));
        assertEquals(JobRepository.CancelOutcome.MISSING, repository.cancel(UUID.randomUUID().toString(), "anyone", NOW));
    }

    @Test
    void cancel_of_another_owners_job_is_missing_and_changes_nothing() throws Exception {
        Job job = newJob();
        assertEquals(JobRepository.CancelOutcome.MISSING, repository.cancel(job.jobId(), "intruder", NOW));
        assertEquals(job, repository.find(job.jobId()).orElseThrow());
        assertEquals(JobRepository.CancelOutcome.MISSING, repository.cancel(job.jobId(), Job.ANONYMOUS, NOW));
    }

    @Test
    void list_pages_through_one_owners_jobs_newest_first() throws Exception {
        String owner = "lister-" + UUID.randomUUID();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            newestFirst.addFirst(newJob(owner, JobType.ORCHESTRATE, NOW.plusSeconds(i)).jobId());
        }
        newJob("someone-else-" + UUID.randomUUID(), JobType.ORCHESTRATE, NOW.plusSeconds(3));

        List<String> seen = new ArrayList<>();
        JobPage.Position after = null;
        int pages = 0;
        do {
            JobPage page = repository.list(new JobQuery(owner, null, null, 3, after));
            assertTrue(page.jobs().size() <= 3);
            page.jobs().forEach(job -> {
                assertEquals(owner, job.owner());
                seen.add(job.jobId());
            });
            after = page.next();
            pages++;
        } while (after != null && pages < 10);
        assertEquals(newestFirst, seen, "every job once, newest first, none of another owner");
        assertTrue(pages >= 3, "7 jobs, 3 a page: " + pages + " pages");
    }

    @Test
    void list_filters_by_type_and_status_across_pages() throws Exception {
        String owner = "filter-" + UUID.randomUUID();
        List<String> trendsNewestFirst = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Job job = newJob(owner, i % 3 == 0 ? JobType.TRENDS : JobType.ORCHESTRATE, NOW.plusSeconds(i));
            if (job.type() == JobType.TRENDS) trendsNewestFirst.addFirst(job.jobId());
        }
        List<String> seen = new ArrayList<>();
        JobPage.Position after = null;
        int pages = 0;
        do {
            JobPage page = repository.list(new JobQuery(owner, JobType.TRENDS, JobStatus.PENDING, 2, after));
            page.jobs().forEach(job -> seen.add(job.jobId()));
            after = page.next();
            pages++;
        } while (after != null && pages < 20);
        assertEquals(trendsNewestFirst, seen);
        assertTrue(repository.list(new JobQuery(owner, null, JobStatus.COMPLETED, 20, null)).jobs().isEmpty());
    }

    @Test
    void jobs_in_flight_are_an_owners_pending_and_processing_jobs_created_since_a_time() throws Exception {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "x").put("usp", "y");
        for (int i = 0; i < 4; i++) {
            repository.create(Job.pending("00000000-0000-4000-8000-00000000010" + i, JobType.ORCHESTRATE, "alice", now.minusSeconds(i), JobPolicy.DEFAULT, data));
        }
        repository.create(Job.pending("00000000-0000-4000-8000-000000000200", JobType.TRENDS, "alice", now.minusSeconds(7200), JobPolicy.DEFAULT, data));
        repository.create(Job.pending("00000000-0000-4000-8000-000000000300", JobType.ORCHESTRATE, "bob", now, JobPolicy.DEFAULT, data));
        repository.claim("00000000-0000-4000-8000-000000000101", "h", now, now.plusSeconds(30), JobPolicy.DEFAULT);
        repository.claim("00000000-0000-4000-8000-000000000102", "h", now, now.plusSeconds(30), JobPolicy.DEFAULT);
        repository.complete("00000000-0000-4000-8000-000000000102", "h", JsonNodeFactory.instance.objectNode(), now);
        // alice: 100 PENDING, 101 PROCESSING, 103 PENDING in the last hour; 102 COMPLETED; 200 too old
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(
                () -> repository.countInFlight("alice", now.minusSeconds(3600), 100) == 3);
        assertEquals(2, repository.countInFlight("alice", now.minusSeconds(3600), 2), "counts no further than asked");
        assertEquals(1, repository.countInFlight("bob", now.minusSeconds(3600), 100));
        assertEquals(0, repository.countInFlight("carol", now.minusSeconds(3600), 100));
    }
}
