package com.keywordtrend.bench;

import com.keywordtrend.keywords.KeywordScorer;
import com.keywordtrend.keywords.SemanticRelevance;
import com.keywordtrend.keywords.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What judging meaning costs a job: {@code phrases} candidates never seen before (so none comes
 * from the environment's cache) embedded and compared with a profile's seed phrases.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SemanticRelevanceBenchmark {
    static final Seeds SEEDS = new Seeds("dental clinic", "same-day dental implants",
            List.of("implants", "teeth whitening", "orthodontics"));
    static final String[] WORDS = {"dental", "implant", "cost", "near", "clinic", "whitening", "price", "braces",
        "invisalign", "emergency", "dentist", "veneers", "crown", "root", "canal", "kids", "family", "cosmetic"};

    @Param({"1", "50", "300"})
    public int phrases;

    private long next;

    @Setup
    public void load() {
        SemanticRelevance.prime();
    }

    @Benchmark
    public Object judgeNewPhrases() {
        List<KeywordScorer.Found> found = new ArrayList<>(phrases);
        for (int i = 0; i < phrases; i++) {
            long n = next++;
            // three real words and a number: unique, so never cached, and as long as a keyword
            found.add(new KeywordScorer.Found(WORDS[(int) (n % WORDS.length)] + " " + WORDS[(int) (n / 7 % WORDS.length)]
                    + " " + WORDS[(int) (n / 49 % WORDS.length)] + " " + n, null));
        }
        return SemanticRelevance.shared().similarities(found, SEEDS);
    }
}
