package com.keywordtrend.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The timing rules that guarantee no job stays PENDING or PROCESSING forever. The same rules
 * decide what a poll reports and what a processor may still claim, so the two never disagree.
 *
 * @param retention       how long a job is kept (its TTL), 7 days by default
 * @param pendingTimeout  a job not claimed this long after it was created is abandoned: longer than
 *                        the worst wait behind other records of the shard (attempts x timeout)
 * @param stalledTimeout  a PROCESSING job whose lease ran out this long ago was not retried in time
 * @param maxAttempts     claims allowed per job: the stream mapping's retries + 1
 * @param lease           how long a claim lasts unless its holder renews it (a heartbeat while the
 *                        work runs): a processor that dies leaves a job the retry can take up
 *                        within this time, not at the end of the Lambda timeout
 */
public record JobPolicy(Duration retention, Duration pendingTimeout, Duration stalledTimeout, int maxAttempts,
                        Duration lease) {

    public static final JobPolicy DEFAULT = new JobPolicy(Duration.ofDays(7), Duration.ofMinutes(60),
            Duration.ofMinutes(10), 3, Duration.ofSeconds(30));

    public JobPolicy {
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) throw new IllegalArgumentException("lease must be at least 3 s");
    }

    /** Reads JOB_RETENTION_DAYS, JOB_PENDING_TIMEOUT_SECONDS, JOB_STALLED_TIMEOUT_SECONDS, JOB_MAX_ATTEMPTS, JOB_LEASE_SECONDS. */
    public static JobPolicy fromSettings(UnaryOperator<String> settings) {
        return new JobPolicy(
                Duration.ofDays(longOr(settings, "JOB_RETENTION_DAYS", DEFAULT.retention.toDays())),
                Duration.ofSeconds(longOr(settings, "JOB_PENDING_TIMEOUT_SECONDS", DEFAULT.pendingTimeout.toSeconds())),
                Duration.ofSeconds(longOr(settings, "JOB_STALLED_TIMEOUT_SECONDS", DEFAULT.stalledTimeout.toSeconds())),
                (int) longOr(settings, "JOB_MAX_ATTEMPTS", DEFAULT.maxAttempts),
                Duration.ofSeconds(longOr(settings, "JOB_LEASE_SECONDS", DEFAULT.lease.toSeconds())));
    }

    /** The heartbeat renews a lease this often: three renewals may fail before the lease runs out. */
    public Duration heartbeatInterval() {
        return lease.dividedBy(3);
    }

    private static long longOr(UnaryOperator<String> settings, String name, long fallback) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    /** Oldest created_at a PENDING job may have and still be claimed. */
    public Instant pendingCutoff(Instant now) {
        return now.minus(pendingTimeout);
    }

    /** Oldest lease expiry a PROCESSING job may have and still be reclaimed. */
    public Instant stalledCutoff(Instant now) {
        return now.minus(stalledTimeout);
    }

    /**
     * Why this job is abandoned at {@code now}, in words a user can act on; empty while it is alive
     * or final. A poll shows an abandoned job as FAILED with this message.
     */
    public Optional<String> abandonedReason(Job job, Instant now) {
        return switch (job.status()) {
            case PENDING -> job.createdAt().isBefore(pendingCutoff(now))
                    ? Optional.of("The job was not picked up within " + minutes(pendingTimeout)
                            + " minutes. Please start it again.")
                    : Optional.empty();
            case PROCESSING -> {
                Instant lease = job.leaseExpiresAt();
                if (lease == null || !lease.isBefore(now)) yield Optional.empty();
                if (job.attempts() >= maxAttempts) {
                    yield Optional.of("The job stopped unexpectedly " + job.attempts()
                            + " times and was given up. Please start it again; if it keeps failing, try fewer inputs.");
                }
                yield lease.isBefore(stalledCutoff(now))
                        ? Optional.of("The job stopped unexpectedly and was not resumed. Please start it again.")
                        : Optional.empty();
            }
            case COMPLETED, FAILED -> Optional.empty();
        };
    }

    /** The job as a client should see it now: abandoned jobs read as FAILED. */
    public Job asSeenAt(Job job, Instant now) {
        return abandonedReason(job, now).map(reason -> job.withStatus(JobStatus.FAILED, reason)).orElse(job);
    }

    private static long minutes(Duration d) {
        return Math.max(1, d.toMinutes());
    }
}
