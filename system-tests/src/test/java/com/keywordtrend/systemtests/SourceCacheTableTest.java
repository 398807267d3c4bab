package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.model.SourceCache;
import com.keywordtrend.store.DynamoDbSourceCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The source cache in the template's SourceCacheTable, on the emulator. */
class SourceCacheTableTest {
    static LocalRunner runner;
    static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(TestRunners.options("SourceCacheTableTest"));
        dynamoDb = TestRunners.dynamoDb(runner);
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) dynamoDb.close();
        if (runner != null) runner.close();
    }

    static DynamoDbSourceCache at(Instant now) {
        return new DynamoDbSourceCache(dynamoDb, "SourceCacheTable", Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void an_answer_is_kept_until_its_time_to_live_runs_out_even_before_ttl_deletes_it() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        String body = "{\"items\":[" + "{\"views\":1},".repeat(5_000) + "{\"views\":2}]}"; // ~60 KB, stored gzipped
        at(now).put("pageviews /x?y=1", new SourceCache.Entry(200, body), Duration.ofDays(1));
        at(now).put("pageviews /x?y=2", new SourceCache.Entry(404, ""), Duration.ofDays(1));
        assertEquals(Optional.of(new SourceCache.Entry(200, body)), at(now.plusSeconds(3600)).get("pageviews /x?y=1"));
        assertEquals(Optional.of(new SourceCache.Entry(404, "")), at(now).get("pageviews /x?y=2"));
        assertEquals(Optional.empty(), at(now.plus(Duration.ofDays(1))).get("pageviews /x?y=1"), "expired: DynamoDB's TTL deletes late");
        assertEquals(Optional.empty(), at(now).get("pageviews /never"));
    }

    @Test
    void concurrent_reads_and_writes_of_many_jobs_are_gathered_into_a_few_batch_calls() throws Exception {
        java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        DynamoDbClient counted = (DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), m -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(dynamoDb, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Instant now = Instant.now();
        SourceCache cache = new DynamoDbSourceCache(counted, "SourceCacheTable", Clock.fixed(now, ZoneOffset.UTC));
        int jobs = 250;
        String run = java.util.UUID.randomUUID().toString();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(jobs);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < jobs; i++) {
                int job = i;
                executor.submit(() -> {
                    together.await();
                    cache.put("wikipedia /w/api.php?search=" + run + "-" + job, new SourceCache.Entry(200, "[\"topic " + job + "\"]"), Duration.ofDays(7));
                    return null;
                });
            }
        }
        java.util.Map<Integer, Optional<SourceCache.Entry>> read = new java.util.concurrent.ConcurrentHashMap<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < jobs; i++) {
                int job = i;
                executor.submit(() -> {
                    together.await();
                    read.put(job, cache.get("wikipedia /w/api.php?search=" + run + "-" + job));
                    return null;
                });
            }
        }
        for (int i = 0; i < jobs; i++) {
            assertEquals(Optional.of(new SourceCache.Entry(200, "[\"topic " + i + "\"]")), read.get(i), "job " + i);
        }
        assertEquals(java.util.Set.of("batchWriteItem", "batchGetItem"), calls.keySet(), "no single-item calls");
        // 250 at once: 10 writes of 25 and 3 reads of 100 when they all arrive within the window; a slow start splits a few
        assertTrue(calls.get("batchWriteItem").get() <= 20, calls.toString());
        assertTrue(calls.get("batchGetItem").get() <= 10, calls.toString());
    }

    @Test
    void an_answer_too_large_for_an_item_is_not_kept_and_an_unreachable_table_is_a_miss() {
        byte[] noise = new byte[600_000];
        new Random(7).nextBytes(noise);
        String large = java.util.Base64.getEncoder().encodeToString(noise); // does not compress below 300 KB
        at(Instant.now()).put("datamuse /large", new SourceCache.Entry(200, large), Duration.ofDays(1));
        assertEquals(Optional.empty(), at(Instant.now()).get("datamuse /large"));
        SourceCache missing = new DynamoDbSourceCache(dynamoDb, "NoSuchTable", Clock.systemUTC());
        assertEquals(Optional.empty(), missing.get("datamuse /x"));
        missing.put("datamuse /x", new SourceCache.Entry(200, "[]"), Duration.ofDays(1)); // logged, never thrown
        assertTrue(true);
    }
}
