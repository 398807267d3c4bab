package com.keywordtrend.bench;

import com.keywordtrend.keywords.Candidate;
import com.keywordtrend.keywords.KeywordScorer;
import com.keywordtrend.keywords.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Merge and score of a discovery's candidates (5,000 by default) into 50 keywords. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KeywordScoringBenchmark {
    static final Seeds SEEDS = new Seeds("healthcare", "AI-powered diagnostics", List.of("imaging", "analysis"));

    @Param({"5000"})
    public int candidates;

    List<Candidate> input;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        String[] vocabulary = new String[600];
        for (int i = 0; i < vocabulary.length; i++) vocabulary[i] = "term" + Integer.toString(i, 36) + (i % 7 == 0 ? "s" : "");
        vocabulary[0] = "healthcare";
        vocabulary[1] = "diagnostics";
        vocabulary[2] = "imaging";
        String[] sources = {"datamuse", "wikipedia", "autocomplete", "lexical"};
        input = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            int words = 1 + random.nextInt(4);
            StringBuilder term = new StringBuilder();
            for (int w = 0; w < words; w++) term.append(w == 0 ? "" : " ").append(vocabulary[(int) Math.abs(random.nextGaussian() * 150) % 600]);
            input.add(new Candidate(term.toString(), sources[random.nextInt(4)], random.nextDouble(),
                    random.nextBoolean() ? Double.NaN : random.nextDouble()));
        }
    }

    @Benchmark
    public List<KeywordScorer.Keyword> mergeAndScore() {
        return KeywordScorer.score(input, SEEDS, 4, 50);
    }
}
