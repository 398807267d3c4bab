package com.keywordtrend.processors;

import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The leases of an invocation's running jobs, watched from one thread: every {@link JobStreamProcessor#CANCEL_CHECK}
 * one batched consistent read says whether each job is still this attempt's (a cancel or a
 * takeover ends it; hundreds of jobs cost a few reads, not one each), each job's lease is renewed
 * every {@link JobPolicy#heartbeatInterval()}, and progress held back is written. A job that is
 * lost has its work interrupted, which stops calling sources; the attempt then writes nothing more.
 */
final class LeaseWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatch.class);

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final JobRepository repository;
    private final JobPolicy policy;
    private final Clock clock;
    private final JobStreamProcessor.Sleeper sleeper;
    private final Thread thread;
    private volatile boolean stopped;

    LeaseWatch(String requestId, JobRepository repository, JobPolicy policy, Clock clock, JobStreamProcessor.Sleeper sleeper) {
        this.repository = repository;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        var callable = JobStreamProcessor.inCallersContext(() -> {
            watch();
            return null;
        });
        thread = Thread.ofVirtual().name("heartbeat-" + requestId).start(() -> {
            try {
                callable.call();
            } catch (Exception e) {
                LOG.warn("lease heartbeat stopped", e);
            }
        });
    }

    /** The lease a claim or a renewal takes at {@code now}: a short one, never past the invocation. */
    static Instant leaseUntil(JobPolicy policy, Instant now, Instant invocationEnds) {
        Instant lease = now.plus(policy.lease());
        Instant latest = invocationEnds.minus(JobStreamProcessor.LEASE_MARGIN);
        return lease.isBefore(latest) ? lease : latest.isAfter(now) ? latest : now;
    }

    /** Watches a job from its claim until the returned handle is closed, right after its work. */
    Watched watch(String jobId, String holder, Instant invocationEnds, ProgressWriter progress) {
        Watched job = new Watched(jobId, holder, invocationEnds, progress, Thread.currentThread(),
                clock.instant().plus(policy.heartbeatInterval()));
        watched.put(jobId, job);
        return job;
    }

    private void watch() {
        Duration tick = JobStreamProcessor.CANCEL_CHECK.compareTo(policy.heartbeatInterval()) < 0 ? JobStreamProcessor.CANCEL_CHECK : policy.heartbeatInterval();
        while (!stopped) {
            try {
                sleeper.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) return;
            List<Watched> jobs = List.copyOf(watched.values());
            if (jobs.isEmpty()) continue;
            Instant now = clock.instant();
            List<Watched> toRenew = jobs.stream().filter(job -> !now.isBefore(job.renewAt)).toList();
            List<Watched> toCheck = jobs.stream().filter(job -> now.isBefore(job.renewAt)).toList();
            // renewals and progress are one write per job: concurrently, so that a slow store delays none of them much
            try (ExecutorService writes = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Watched job : toRenew) writes.submit(JobStreamProcessor.inCallersContext(() -> renew(job, now)));
                for (Watched job : jobs) writes.submit(JobStreamProcessor.inCallersContext(() -> {
                    job.progress.flush();
                    return null;
                }));
                if (!toCheck.isEmpty()) check(toCheck);
            }
        }
    }

    private Void renew(Watched job, Instant now) {
        try {
            job.renewAt = now.plus(policy.heartbeatInterval());
            if (!repository.renewLease(job.jobId, job.holder, leaseUntil(policy, now, job.invocationEnds), now)) job.lose();
        } catch (RuntimeException e) {
            LOG.warn("could not renew the lease of job {}; trying again", job.jobId, e);
        }
        return null;
    }

    private void check(List<Watched> jobs) {
        try {
            Map<String, String> holders = repository.holdersOf(jobs.stream().map(job -> job.jobId).toList());
            for (Watched job : jobs) if (!job.holder.equals(holders.get(job.jobId))) job.lose();
        } catch (RuntimeException e) {
            LOG.warn("could not check the leases of {} jobs; trying again", jobs.size(), e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One job under watch; closing it ends the watch, after which it is never interrupted. */
    final class Watched implements AutoCloseable {
        private final String jobId;
        private final String holder;
        private final Instant invocationEnds;
        private final ProgressWriter progress;
        private final Thread worker;
        private volatile Instant renewAt;
        private boolean lost;
        private boolean closed;

        Watched(String jobId, String holder, Instant invocationEnds, ProgressWriter progress, Thread worker, Instant renewAt) {
            this.jobId = jobId;
            this.holder = holder;
            this.invocationEnds = invocationEnds;
            this.progress = progress;
            this.worker = worker;
            this.renewAt = renewAt;
        }

        private synchronized void lose() {
            if (closed || lost) return;
            lost = true;
            try (var ignored = MDC.putCloseable("job_id", jobId)) {
                LOG.warn("the job is no longer this attempt's (cancelled or taken over); stopping its work");
            }
            worker.interrupt();
        }

        /** True when the job was cancelled or taken over while the work ran. */
        synchronized boolean lost() {
            return lost;
        }

        @Override
        public synchronized void close() {
            closed = true;
            watched.remove(jobId, this);
        }
    }
}
