package com.keywordtrend.processors;

import com.keywordtrend.engines.JobEngine;

import com.keywordtrend.model.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes progress while the job runs, at most once every {@link #MIN_INTERVAL} (the claim counts as
 * a write): a report within that time of the last write is held, and the newest held one is written
 * by the next report after it or by {@link #flush()}, which the lease watch calls every couple of
 * seconds. So a chatty engine, or a job of a few seconds passing through its stages, costs a write
 * per two seconds at most, and a job answered from the cache in a moment costs none; the client polls
 * every 10 s and sees the stage it is in. A refused write means the claim was lost; the work goes on
 * and its completion will be refused too. A write that fails (the store is unreachable) pauses
 * progress for {@link #AFTER_FAILURE}: progress is best effort, and an outage must not add a
 * timed-out write to every stage of the work.
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
    private Instant lastWrite;
    private Instant pausedUntil = Instant.MIN;
    private boolean held; // lastStage/lastPercent are newer than what is stored

    /** For a job claimed just now: the claim wrote its state, so the first report may be held. */
    ProgressWriter(JobRepository repository, String jobId, String holder, Clock clock) {
        this.repository = repository;
        this.jobId = jobId;
        this.holder = holder;
        this.clock = clock;
        this.lastWrite = clock.instant();
    }

    @Override
    public synchronized void report(int percent, String stage) {
        if (percent <= lastPercent && stage.equals(lastStage)) return;
        lastPercent = Math.max(percent, lastPercent);
        lastStage = stage;
        held = true;
        writeIfDue();
    }

    /** Writes the report held back, if there is one and a write is due. */
    synchronized void flush() {
        if (held) writeIfDue();
    }

    private void writeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastWrite.plus(MIN_INTERVAL)) || now.isBefore(pausedUntil)) return;
        held = false;
        lastWrite = now;
        try {
            if (!repository.reportProgress(jobId, holder, lastPercent, lastStage, now)) {
                LOG.warn("progress refused: the claim on this job was lost");
            }
        } catch (RuntimeException e) {
            pausedUntil = clock.instant().plus(AFTER_FAILURE);
            LOG.warn("could not write progress; none for {} s", AFTER_FAILURE.toSeconds(), e); // the outcome write is not best effort
        }
    }
}
