package com.keywordtrend.processors;

import com.keywordtrend.engines.JobEngine;

import com.keywordtrend.model.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes progress while the job runs: on each new stage, and otherwise at most every two seconds,
 * so that a chatty engine does not turn into a write per step. A refused write means the claim was
 * lost; the work goes on and its completion will be refused too. A write that fails (the store is
 * unreachable) pauses progress for {@link #AFTER_FAILURE}: progress is best effort, and an outage
 * must not add a timed-out write to every stage of the work.
 */
final class ProgressWriter implements JobEngine.Progress {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressWriter.class);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
    static final Duration AFTER_FAILURE = Duration.ofSeconds(10);

    private final JobRepository repository;
    private final String jobId;
    private final String holder;
    private final Clock clock;
    private String lastStage;
    private int lastPercent = -1;
    private Instant lastWrite = Instant.MIN;
    private Instant pausedUntil = Instant.MIN;

    ProgressWriter(JobRepository repository, String jobId, String holder, Clock clock) {
        this.repository = repository;
        this.jobId = jobId;
        this.holder = holder;
        this.clock = clock;
    }

    @Override
    public synchronized void report(int percent, String stage) {
        Instant now = clock.instant();
        boolean newStage = !stage.equals(lastStage);
        if (percent <= lastPercent && !newStage) return;
        if (!newStage && now.isBefore(lastWrite.plus(MIN_INTERVAL))) return;
        if (now.isBefore(pausedUntil)) return;
        try {
            if (!repository.reportProgress(jobId, holder, Math.max(percent, lastPercent), stage, now)) {
                LOG.warn("progress refused: the claim on this job was lost");
            }
        } catch (RuntimeException e) {
            pausedUntil = clock.instant().plus(AFTER_FAILURE);
            LOG.warn("could not write progress; none for {} s", AFTER_FAILURE.toSeconds(), e); // the outcome write is not best effort
        }
        lastStage = stage;
        lastPercent = Math.max(percent, lastPercent);
        lastWrite = now;
    }
}
