package com.keywordtrend.keywords;

import com.keywordtrend.model.Settings;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How close a phrase is in meaning to the business: the highest cosine similarity between its
 * sentence embedding and that of any seed phrase (the industry, the USP, each service and each
 * service within the industry). The embeddings come from all-MiniLM-L6-v2, quantized, run
 * in-process by ONNX Runtime: no network, about 8 ms a phrase on two cores.
 *
 * <p>A phrase scores against its nearest seed, not against the whole profile: a business with
 * three services is about three things, and "dental implants" should not be judged by how much
 * it also sounds like "teeth whitening". The model is loaded once per execution environment (on
 * first use, or by {@link #prime()} before a SnapStart snapshot), and each phrase is embedded once
 * per environment: jobs of one business share most of their candidates.
 */
public final class SemanticRelevance {
    /** Phrases kept embedded per environment: 384 floats each, so about 1.6 KB; 20,000 is about 32 MB. */
    static final int CACHE_SIZE = 20_000;

    private static final class Shared {
        // the model's own pool: one thread per core, daemons so that nothing outlives the process's work
        private static final ExecutorService POOL = Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().daemon().name("embedding-", 0).factory());
        static final SemanticRelevance INSTANCE = new SemanticRelevance(MiniLmModel.load(POOL, taskRoot()));

        /** Where Lambda unpacked the deployment package; null outside Lambda. */
        private static Path taskRoot() {
            String root = Settings.orDefault(Settings.SYSTEM, "LAMBDA_TASK_ROOT", "");
            return root.isBlank() ? null : Path.of(root);
        }
    }

    private final EmbeddingModel model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    SemanticRelevance(EmbeddingModel model) {
        this.model = model;
    }

    /** The environment's one instance; the first call loads the model (about 1 s). */
    public static SemanticRelevance shared() {
        return Shared.INSTANCE;
    }

    /** Drops the phrases embedded so far: a benchmark measures jobs whose phrases are all new. */
    void forgetEmbeddings() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /** Loads the model and runs it once, so that a SnapStart snapshot holds it warm. */
    public static void prime() {
        shared().similarities(List.of(new KeywordScorer.Found("keyword research", null)),
                new Seeds("marketing", "search keywords", List.of()));
    }

    /**
     * Each term's highest cosine similarity, in [-1, 1], to the seed phrases other than those of the
     * seed it was found for: a term must fit the business beyond the one word it came from. A
     * synonym of "financing" is close to "financing" by construction; whether it is close to "solar
     * energy" or "battery storage" is what tells a solar business's keyword from a bank's.
     */
    public Map<String, Double> similarities(List<KeywordScorer.Found> terms, Seeds seeds) {
        List<String> phrases = seeds.phrases();
        List<String> texts = new ArrayList<>(phrases);
        terms.forEach(t -> texts.add(t.term()));
        Map<String, float[]> vectors = embed(texts);
        Map<String, Double> similarity = new HashMap<>();
        for (KeywordScorer.Found found : terms) {
            List<String> others = seeds.phrasesWithout(found.theme());
            similarity.put(found.term(), closest(vectors.get(normalize(found.term())), others.isEmpty() ? phrases : others, vectors));
        }
        return similarity;
    }

    /** For each text, its highest cosine similarity to any of the {@code context} phrases. */
    public double[] closeness(List<String> texts, List<String> context) {
        List<String> all = new ArrayList<>(context);
        all.addAll(texts);
        Map<String, float[]> vectors = embed(all);
        double[] closeness = new double[texts.size()];
        for (int i = 0; i < texts.size(); i++) closeness[i] = closest(vectors.get(normalize(texts.get(i))), context, vectors);
        return closeness;
    }

    /** The highest cosine similarity of {@code vector} to any of {@code phrases} (embedded in {@code vectors}). */
    private static double closest(float[] vector, List<String> phrases, Map<String, float[]> vectors) {
        double best = -1;
        for (String phrase : phrases) best = Math.max(best, cosine(vector, vectors.get(normalize(phrase))));
        return best;
    }

    /** The vectors of {@code phrases} by normalized phrase, embedding in one batch only those not yet cached. */
    private Map<String, float[]> embed(List<String> phrases) {
        Map<String, float[]> vectors = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        synchronized (cache) {
            for (String phrase : phrases) {
                String key = normalize(phrase);
                float[] cached = cache.get(key);
                if (cached != null) vectors.put(key, cached);
                else missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            List<String> batch = List.copyOf(missing);
            List<Embedding> embedded = model.embedAll(batch.stream().map(TextSegment::from).toList()).content();
            synchronized (cache) {
                for (int i = 0; i < batch.size(); i++) {
                    float[] vector = embedded.get(i).vector();
                    vectors.put(batch.get(i), vector);
                    cache.put(batch.get(i), vector);
                }
            }
        }
        return vectors;
    }

    /** The model is uncased: phrases that differ only in case or spacing share one embedding. */
    private static String normalize(String phrase) {
        return Terms.display(phrase).toLowerCase(Locale.ROOT);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
