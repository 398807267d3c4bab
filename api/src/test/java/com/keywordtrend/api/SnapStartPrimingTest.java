package com.keywordtrend.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.JobPolicy;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
    @Test
    void priming_before_the_snapshot_reads_once_and_writes_nothing() {
        InMemoryJobRepository repository = new InMemoryJobRepository();
        JobService service = new JobService(repository, JobPolicy.DEFAULT, Clock.systemUTC(), UUID::randomUUID);
        new SnapStartPriming(new OrchestrateHandler(service, new Cors("*"), new Caller(true))).beforeCheckpoint(null);
        assertEquals(1, repository.reads.get());
        assertEquals(0, repository.writes.get());
    }
}
