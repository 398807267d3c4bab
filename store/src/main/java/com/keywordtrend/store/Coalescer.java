package com.keywordtrend.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers what concurrent callers ask into batches of up to {@code maxBatch} distinct keys, so that
 * hundreds of jobs' cache reads or writes become a few DynamoDB batch calls instead of one call each.
 * The first caller of a batch waits up to {@code window} for others (or until the batch is full),
 * then runs it on its own thread; the others get their answer from that run. There is no thread of
 * its own: nothing is left pending when Lambda freezes the environment, since every batch is run by
 * one of the invocation's callers before it returns.
 *
 * @param <K> the key; a key asked twice in one batch is asked once (the later input wins)
 * @param <I> what a caller hands in with its key
 * @param <O> the answer per key (a key the run leaves out is answered null)
 */
final class Coalescer<K, I, O> {
    private final int maxBatch;
    private final Duration window;
    private final Function<Map<K, I>, Map<K, O>> run;
    private Batch open; // the batch still taking keys; guarded by this

    Coalescer(int maxBatch, Duration window, Function<Map<K, I>, Map<K, O>> run) {
        this.maxBatch = maxBatch;
        this.window = window;
        this.run = run;
    }

    private final class Batch {
        final Map<K, I> inputs = new LinkedHashMap<>();
        final Map<K, CompletableFuture<O>> answers = new LinkedHashMap<>();
        final CountDownLatch full = new CountDownLatch(1);
    }

    /**
     * Adds {@code key} to the open batch and answers once that batch has run; a caller that opened the
     * batch runs it before this returns. A failed run completes the answer exceptionally.
     */
    CompletableFuture<O> submit(K key, I input) {
        Batch batch;
        CompletableFuture<O> answer;
        boolean leads;
        synchronized (this) {
            leads = open == null;
            if (leads) open = new Batch();
            batch = open;
            batch.inputs.put(key, input);
            answer = batch.answers.computeIfAbsent(key, k -> new CompletableFuture<>());
            if (batch.inputs.size() >= maxBatch) {
                open = null;
                batch.full.countDown();
            }
        }
        if (leads) lead(batch);
        return answer;
    }

    private void lead(Batch batch) {
        // the batch is others' too: it runs even when this caller is interrupted (a cancelled job)
        boolean interrupted = Thread.interrupted();
        try {
            long waitUntil = System.nanoTime() + window.toNanos();
            while (true) {
                try {
                    batch.full.await(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            synchronized (this) {
                if (open == batch) open = null;
            }
            Map<K, O> answers;
            try {
                answers = run.apply(batch.inputs);
            } catch (RuntimeException | Error e) {
                batch.answers.values().forEach(answer -> answer.completeExceptionally(e));
                if (e instanceof Error error) throw error;
                return;
            }
            batch.answers.forEach((key, answer) -> answer.complete(answers.get(key)));
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
