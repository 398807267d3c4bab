package com.keywordtrend.systemtests.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capacity and cost model (docs/capacity-and-cost.md) of trends jobs, computed from its stated inputs (AWS's
 * published us-east-1 prices and quotas, the template's settings, and what one job asks of each
 * service, counted from the code paths). {@code CapacityModelTest} checks that the page shows
 * exactly this table; {@code main} prints it.
 */
public final class CapacityModel {
    // --- what one trends job (5 keywords, monthly, 2 years) asks of each service: counted from the code paths
    /** Mean time from start to finish with the public sources (the brief: 30–60 s). */
    static final double JOB_SECONDS = 45;
    /** The client polls every 10 s, and once more when it sees the end. */
    static final double POLLS_PER_JOB = JOB_SECONDS / 10 + 1;
    /** The template's JOB_LEASE_SECONDS: the heartbeat renews the lease every third of it. */
    static final double LEASE_SECONDS = 30;
    static final double LEASE_RENEWALS_PER_JOB = Math.floor(JOB_SECONDS / (LEASE_SECONDS / 3));
    /** Progress is written at most every 2 s: a trends job's first stages once together, its last stage once. */
    static final double PROGRESS_WRITES_PER_JOB = 2;
    /**
     * Write request units, each write with its owner-index write: start PutItem 2, claim 2, progress 2
     * each, lease renewals 2 each, completion 5 (a ~13 KB result, its timeline and insights stored gzipped:
     * a ~4 KB item, + index; it was 14 when the result was stored as native attributes); cache misses add
     * one write per source call (BatchWriteItem charges per item, as PutItem does).
     */
    static final double WRITE_UNITS_PER_JOB = 2 + 2 + 2 * PROGRESS_WRITES_PER_JOB + 2 * LEASE_RENEWALS_PER_JOB + 5;
    static final double SOURCE_CALLS_PER_JOB = 10; // opensearch + pageviews per keyword
    /**
     * Read request units: polls (strongly consistent: 1 while running, 1 for the finished ~4 KB item),
     * the cancel check every 2 s (1 each: one BatchGetItem reads all of an invocation's jobs, but is charged
     * per item), and one cache read per source call (0.5, eventually consistent).
     */
    static final double READ_UNITS_PER_JOB = (POLLS_PER_JOB - 1) + 1 + JOB_SECONDS / 2 + SOURCE_CALLS_PER_JOB * 0.5;

    // --- the template
    static final double PROCESSOR_GB = 2;
    static final int BATCH_SIZE = 500;
    static final int PARALLELIZATION_FACTOR = 10;
    /** Jobs one environment runs at once: JobAdmission on a 2 GB function (docs/capacity-and-cost.md: measured peak per job). */
    static final int JOBS_PER_ENVIRONMENT = 500;
    static final double API_GB = 1;
    static final double API_MILLIS = 20; // a start or a poll, warm (system-tests/bench.sh: p50 7–23 ms)
    /** The stage's throttle (template: ApiThrottleRateLimit). */
    static final double API_STAGE_RPS = 500;

    // --- AWS's quotas and a new on-demand table
    /** A new on-demand table's partitions (it serves 4,000 writes/s at first, 1,000 WRU/s each); one stream shard each. */
    static final int NEW_TABLE_SHARDS = 4;
    static final double WRITES_PER_PARTITION = 1000;
    static final double API_ACCOUNT_RPS = 10_000;
    static final double LAMBDA_ACCOUNT_CONCURRENCY = 1000;

    // --- prices, us-east-1
    /** arm64, the template's default Architecture (x86_64: 0.0000166667). */
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double API_GATEWAY_REQUEST = 3.50 / 1e6;
    static final double DYNAMODB_WRITE_UNIT = 0.625 / 1e6;
    static final double DYNAMODB_READ_UNIT = 0.125 / 1e6;

    /** A limit, as the trends jobs per second it carries. */
    record Limit(String name, double jobsPerSecond) {
    }

    /** AWS's and the template's limits in the order a rising rate meets them. */
    static List<Limit> limits() {
        List<Limit> limits = new ArrayList<>(List.of(
                new Limit(String.format(Locale.ROOT, "API stage throttle (%.0f jobs/s)", API_STAGE_RPS / (1 + POLLS_PER_JOB)), API_STAGE_RPS / (1 + POLLS_PER_JOB)),
                new Limit(String.format(Locale.ROOT, "a new table's 4,000 WRU/s (%.0f jobs/s)", NEW_TABLE_SHARDS * WRITES_PER_PARTITION / (WRITE_UNITS_PER_JOB + SOURCE_CALLS_PER_JOB)),
                        NEW_TABLE_SHARDS * WRITES_PER_PARTITION / (WRITE_UNITS_PER_JOB + SOURCE_CALLS_PER_JOB)),
                new Limit(String.format(Locale.ROOT, "its %d stream shards (%.0f jobs/s)", NEW_TABLE_SHARDS, NEW_TABLE_SHARDS * PARALLELIZATION_FACTOR * BATCH_SIZE / JOB_SECONDS),
                        NEW_TABLE_SHARDS * PARALLELIZATION_FACTOR * BATCH_SIZE / JOB_SECONDS),
                new Limit(String.format(Locale.ROOT, "the account's 10,000 API requests/s (%.0f jobs/s)", API_ACCOUNT_RPS / (1 + POLLS_PER_JOB)), API_ACCOUNT_RPS / (1 + POLLS_PER_JOB))));
        limits.sort(java.util.Comparator.comparingDouble(Limit::jobsPerSecond));
        return limits;
    }

    /** One row: a rate of starts and what it takes. */
    record Row(double startsPerSecond, double jobsInFlight, double apiRequestsPerSecond, int shardsNeeded, double jobsPerInvocation,
               int processorConcurrency, double writeUnitsPerSecond, double readUnitsPerSecond, double processorGbSecondsPerJob,
               double costPer1000, double costPer1000Cached, String bindsFirst) {
    }

    static Row row(double rate) {
        double inFlight = rate * JOB_SECONDS;
        double apiRps = rate * (1 + POLLS_PER_JOB);
        // a lane (one of a shard's ParallelizationFactor batches) takes what arrived while its last batch ran
        int shards = Math.max(NEW_TABLE_SHARDS, (int) Math.ceil(inFlight / BATCH_SIZE / PARALLELIZATION_FACTOR));
        double lanes = shards * PARALLELIZATION_FACTOR;
        double perInvocation = Math.max(1, Math.min(Math.min(BATCH_SIZE, JOBS_PER_ENVIRONMENT), rate / lanes * JOB_SECONDS));
        int concurrency = (int) Math.ceil(inFlight / perInvocation);
        double writes = rate * (WRITE_UNITS_PER_JOB + SOURCE_CALLS_PER_JOB);
        double reads = rate * READ_UNITS_PER_JOB;
        double gbSeconds = PROCESSOR_GB * JOB_SECONDS / perInvocation;
        double apiCost = (1 + POLLS_PER_JOB) * (API_GATEWAY_REQUEST + LAMBDA_REQUEST + API_GB * API_MILLIS / 1000 * LAMBDA_GB_SECOND);
        double processorCost = gbSeconds * LAMBDA_GB_SECOND + LAMBDA_REQUEST / perInvocation;
        double dynamoCost = WRITE_UNITS_PER_JOB * DYNAMODB_WRITE_UNIT + READ_UNITS_PER_JOB * DYNAMODB_READ_UNIT;
        double missCost = SOURCE_CALLS_PER_JOB * DYNAMODB_WRITE_UNIT;
        double perJob = apiCost + processorCost + dynamoCost;
        StringBuilder binds = new StringBuilder();
        for (Limit limit : limits()) {
            if (rate > limit.jobsPerSecond) binds.append(binds.isEmpty() ? "" : ", then ").append(limit.name);
        }
        if (binds.isEmpty()) binds.append("none (the sources' quotas: see below)");
        return new Row(rate, inFlight, apiRps, shards, perInvocation, concurrency, writes, reads, gbSeconds,
                1000 * (perJob + missCost), 1000 * perJob, binds.toString());
    }

    // --- a result that outgrows the item (issue 21)
    static final double S3_PUT = 0.005 / 1000;
    static final double S3_GET = 0.0004 / 1000;
    /** A large trends result as the item would store it (gzipped): 200 KB, under the 350 KB budget. */
    static final double LARGE_RESULT_STORED_KB = 200;
    /** Its completion in the item: one write unit per KB of the item (~1 KB besides the result), plus the owner index's. */
    static final double LARGE_COMPLETION_WRU_IN_ITEM = Math.ceil(LARGE_RESULT_STORED_KB + 1) + 1;
    /** In the bucket: the item keeps the pointer (~0.6 KB), plus the owner index's write; and one PUT. */
    static final double LARGE_COMPLETION_WRU_WITH_S3 = 1 + 1;
    /** A finished poll reads the whole item, strongly consistent (4 KB per read unit); with S3 the ~0.6 KB item and one GET. */
    static final double LARGE_POLL_RRU_IN_ITEM = Math.ceil((LARGE_RESULT_STORED_KB + 1) / 4);

    /** A job whose result outgrows the item, before and after the bucket, as docs/capacity-and-cost.md says it. */
    public static String largeResult() {
        double jobBefore = WRITE_UNITS_PER_JOB - 5 + LARGE_COMPLETION_WRU_IN_ITEM;
        double jobAfter = WRITE_UNITS_PER_JOB - 5 + LARGE_COMPLETION_WRU_WITH_S3;
        return String.format(Locale.ROOT, "a job whose result stores %.0f KB: its completion %.0f write units in the item "
                        + "($%.7f) against %.0f and one PUT with the bucket ($%.7f), %.0f write units a job in all against %.0f; "
                        + "its finished poll %.0f read units ($%.7f) against 1 and one GET ($%.7f)",
                LARGE_RESULT_STORED_KB, LARGE_COMPLETION_WRU_IN_ITEM, LARGE_COMPLETION_WRU_IN_ITEM * DYNAMODB_WRITE_UNIT,
                LARGE_COMPLETION_WRU_WITH_S3, LARGE_COMPLETION_WRU_WITH_S3 * DYNAMODB_WRITE_UNIT + S3_PUT, jobBefore, jobAfter,
                LARGE_POLL_RRU_IN_ITEM, LARGE_POLL_RRU_IN_ITEM * DYNAMODB_READ_UNIT, DYNAMODB_READ_UNIT + S3_GET);
    }

    /** The table as docs/capacity-and-cost.md shows it. */
    public static String table() {
        List<String> lines = new ArrayList<>();
        lines.add("| starts/s | jobs in flight | API requests/s | shards needed | jobs per invocation | processor concurrency | DynamoDB WRU/s | DynamoDB RRU/s | processor GB-s per job | $ per 1,000 jobs (cache miss / hit) | binds first |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
        for (double rate : new double[] {1, 100, 1000}) {
            Row r = row(rate);
            lines.add(String.format(Locale.ROOT, "| %,.0f | %,.0f | %,.0f | %d | %,.0f | %,d | %,.0f | %,.0f | %.2f | %.3f / %.3f | %s |",
                    r.startsPerSecond, r.jobsInFlight, r.apiRequestsPerSecond, r.shardsNeeded, r.jobsPerInvocation, r.processorConcurrency,
                    r.writeUnitsPerSecond, r.readUnitsPerSecond, r.processorGbSecondsPerJob, r.costPer1000, r.costPer1000Cached, r.bindsFirst));
        }
        return String.join("\n", lines);
    }

    public static void main(String[] args) {
        System.out.println(table());
        System.out.println(largeResult());
    }
}
