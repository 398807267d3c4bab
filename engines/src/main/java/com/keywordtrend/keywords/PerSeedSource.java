package com.keywordtrend.keywords;

import com.keywordtrend.model.Tracing;
import com.keywordtrend.sources.SourceException;
import com.keywordtrend.sources.SourceUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A live source asked once per seed phrase, the calls fanned out on virtual threads (the client's
 * own concurrency cap and rate limit still apply). The source fails only when every call failed.
 */
abstract class PerSeedSource implements KeywordSource {

    /** Candidates for one seed phrase. */
    abstract List<Candidate> forPhrase(String phrase, Seeds seeds, Instant deadline) throws SourceException;

    /** The phrases this source is asked about: the seed phrases. */
    List<String> phrasesFor(Seeds seeds) {
        return seeds.phrases();
    }

    @Override
    public List<Candidate> candidates(Seeds seeds, Instant deadline) throws SourceException {
        List<String> phrases = phrasesFor(seeds);
        List<Candidate> all = new ArrayList<>();
        SourceException firstFailure = null;
        int failures = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Candidate>>> results = new ArrayList<>();
            for (String phrase : phrases) {
                String theme = seeds.themeOf(phrase);
                results.add(executor.submit(Tracing.propagating(SourceUsage.propagating(() -> forPhrase(phrase, seeds, deadline).stream()
                        .map(c -> c.withTheme(theme)).toList()))));
            }
            for (Future<List<Candidate>> result : results) {
                try {
                    all.addAll(result.get());
                } catch (ExecutionException e) {
                    // an Error (out of memory) is the environment's, not the source's: it fails the invocation
                    if (e.getCause() instanceof Error error) throw error;
                    failures++;
                    if (firstFailure == null) {
                        firstFailure = e.getCause() instanceof SourceException s ? s : new SourceException(name() + " failed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SourceException(name() + " was interrupted");
                }
            }
        }
        if (failures == phrases.size() && firstFailure != null) throw firstFailure;
        return all;
    }

    /** The first {@code asked} results: a source that sends more than was asked is not trusted with the rest. */
    static <T> List<T> asked(Iterable<T> results, int asked) {
        List<T> first = new ArrayList<>();
        for (T result : results) {
            if (first.size() == asked) break;
            first.add(result);
        }
        return first;
    }

    /** Relevance of the i-th of n ranked results: 1 for the first, falling linearly to 0.3 for the last. */
    static double rankRelevance(int index, int count) {
        return count <= 1 ? 1.0 : 1.0 - 0.7 * index / (count - 1);
    }
}
