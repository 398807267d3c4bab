package com.keywordtrend.systemtests.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobResults;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.OrchestrateResults;
import com.keywordtrend.model.TrendsResults;
import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.engines.JobFailedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs in a processor's own JVM (the runner adds the test classes to its task root): the real
 * engine, with a fault a test asks for through the job's industry, {@code "fault:<fault>|<industry>"}.
 * The fault happens on the attempts it names; the real engine then runs on the industry alone.
 * <ul>
 *   <li>{@code fail}: the job cannot succeed (a user-facing failure), every attempt</li>
 *   <li>{@code hang-once}, {@code hang-always}: blocks until the process is killed (timeout or kill -9)</li>
 *   <li>{@code oom-once}: allocates until the heap is exhausted, first attempt</li>
 *   <li>{@code slow:S}, {@code slow-once:S}: waits S seconds before the real work</li>
 *   <li>{@code instant}: returns at once, for benchmarks of the pipeline alone</li>
 * </ul>
 */
public final class FaultInjectingEngine implements JobEngine {
    private static final String PREFIX = "fault:";
    private final JobEngine real;

    public FaultInjectingEngine(JobEngine real) {
        this.real = real;
    }

    @Override
    public JobResults run(Job job, Progress progress, Instant deadline) {
        String industry = job.inputs().industry();
        if (!industry.startsWith(PREFIX)) return real.run(job, progress, deadline);
        int bar = industry.indexOf('|');
        String fault = industry.substring(PREFIX.length(), bar < 0 ? industry.length() : bar);
        ObjectNode data = job.data().deepCopy().put("industry", bar < 0 ? "healthcare" : industry.substring(bar + 1));
        Job plain = new Job(job.jobId(), job.type(), job.owner(), job.status(), job.createdAt(), job.updatedAt(), job.expiresAt(),
                job.progress(), job.stage(), job.errorMessage(), job.leaseHolder(), job.leaseExpiresAt(), job.attempts(), data);
        boolean first = job.attempts() == 1;
        progress.report(10, "testing " + fault);
        switch (fault.contains(":") ? fault.substring(0, fault.indexOf(':')) : fault) {
            case "fail" -> throw new JobFailedException("Nothing could be found for this industry. Try another one.");
            case "hang-always" -> hang();
            case "hang-once" -> {
                if (first) hang();
            }
            case "oom-once" -> {
                if (first) exhaustMemory();
            }
            case "slow" -> pause(seconds(fault));
            case "slow-once" -> {
                if (first) pause(seconds(fault));
            }
            case "instant" -> {
                return job.type() == JobType.ORCHESTRATE
                        ? new OrchestrateResults(List.of(new OrchestrateResults.WeightedKeyword("instant", 1.0)), List.of())
                        : TrendsResults.failed(List.of());
            }
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
        return real.run(plain, progress, deadline);
    }

    private static long seconds(String fault) {
        return Long.parseLong(fault.substring(fault.indexOf(':') + 1));
    }

    private static void hang() {
        try {
            new CountDownLatch(1).await(); // as a frozen process: only the runner's kill ends it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void pause(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Holds ever more memory until the JVM throws OutOfMemoryError, as an oversized input would. */
    private static void exhaustMemory() {
        List<long[]> hoard = new ArrayList<>();
        while (true) hoard.add(new long[1 << 20]);
    }
}
