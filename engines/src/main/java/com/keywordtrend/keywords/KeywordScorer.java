package com.keywordtrend.keywords;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges candidates from all sources into keywords and weighs them (docs/keyword-scoring.md).
 *
 * <p>A keyword's base score is {@code 0.5·relevance + 0.3·agreement + 0.2·popularity}: relevance is
 * {@code (best source relevance + share of its words that are seed words + 2·meaning) / 4}, where
 * meaning is the term's closeness to the business by sentence embedding ({@link Similarity}; without
 * it, the mean of the first two); agreement
 * is the share of the sources that answered which proposed it; popularity is the best popularity
 * signal a source gave (0.5 when none did). Keywords are then picked greedily by maximal marginal
 * relevance: each pick's weight is its base score less 0.4 × its word overlap (Jaccard) with the
 * closest keyword already picked, so that twenty variants of one phrase do not crowd the list.
 * The weight is that diversity-adjusted score, in (0, 1], rounded to 3 decimals; the list is in
 * order of weight, ties by term.
 */
public final class KeywordScorer {
    static final double RELEVANCE_WEIGHT = 0.5;
    static final double AGREEMENT_WEIGHT = 0.3;
    static final double POPULARITY_WEIGHT = 0.2;
    static final double REDUNDANCY_PENALTY = 0.4;
    static final double MIN_WEIGHT = 0.001;
    /**
     * A term whose meaning is further than this (cosine) from every seed phrase but its own is
     * dropped; the user's own phrases of two words or more are never dropped.
     */
    static final double MIN_SIMILARITY = 0.35;

    /**
     * The floor for a single word the user gave ("vaccinations" of a veterinary clinic, 0.31; "financing"
     * of a solar installer, 0.14): what they sell is kept unless its meaning is far from all else they said.
     * Set between those two on the issue-9 profiles.
     */
    static final double OWN_WORD_MIN_SIMILARITY = 0.25;
    /** Meaning counts as much as the two other relevance signals together. */
    static final double MEANING_WEIGHT = 2;

    /**
     * @param theme  the seed it was found for (its most relevant source's), null when unknown
     * @param origin how its most relevant candidate was found ({@link Candidate#origin()})
     */
    public record Keyword(String term, double weight, String theme, String origin) {
        public Keyword(String term, double weight, String theme) {
            this(term, weight, theme, null);
        }
    }

    private record Merged(String key, String term, Set<String> stems, double score, String theme, String origin) {
    }

    /** What each source said about one term, before meaning is weighed in. */
    private record Evidence(String key, String term, Set<String> stems, double bestRelevance, double seedShare,
                            double agreement, double popularity, String theme, String origin) {
        double score(double similarity) {
            double relevance = Double.isNaN(similarity)
                    ? (bestRelevance + seedShare) / 2
                    : (bestRelevance + seedShare + MEANING_WEIGHT * Math.max(0, similarity)) / (2 + MEANING_WEIGHT);
            return RELEVANCE_WEIGHT * relevance + AGREEMENT_WEIGHT * agreement
                    + POPULARITY_WEIGHT * (Double.isNaN(popularity) ? 0.5 : popularity);
        }
    }

    /** A term to judge, and the seed it was found for (null when none). */
    public record Found(String term, String theme) {
    }

    /** How close each term is in meaning to the business, in [-1, 1]; a term left out is not judged. */
    @FunctionalInterface
    public interface Similarity {
        Map<String, Double> of(List<Found> terms, Seeds seeds);

        /** No judgment of meaning: relevance from the sources and the seed words alone. */
        Similarity NONE = (terms, seeds) -> Map.of();
    }

    private KeywordScorer() {
    }

    public static List<Keyword> score(List<Candidate> candidates, Seeds seeds, int answeringSources, int limit) {
        return score(candidates, seeds, answeringSources, limit, Similarity.NONE);
    }

    public static List<Keyword> score(List<Candidate> candidates, Seeds seeds, int answeringSources, int limit,
                                      Similarity similarity) {
        Set<String> vocabulary = seeds.vocabulary();
        Map<String, List<Candidate>> byKey = new LinkedHashMap<>();
        Map<String, String> keyByCompactForm = new HashMap<>();
        for (Candidate c : candidates) {
            if (!Terms.acceptable(c.term())) continue;
            String key = Terms.key(c.term());
            if (key.isEmpty()) continue;
            key = keyByCompactForm.computeIfAbsent(Terms.compact(c.term()), compact -> Terms.key(c.term()));
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        // the user's own phrases, whole, are relevant by definition and keep the form the user wrote
        Map<String, String> ownByKey = new HashMap<>();
        for (String phrase : seeds.ownPhrases()) {
            // of two own forms of one keyword ("automated bookkeeping for freelancers", "... freelancers"), the shorter
            ownByKey.merge(keyByCompactForm.getOrDefault(Terms.compact(phrase), Terms.key(phrase)), phrase,
                    (a, b) -> b.length() < a.length() ? b : a);
        }
        List<Evidence> evidence = new ArrayList<>(byKey.size());
        byKey.forEach((key, group) -> evidence.add(merge(key, group, vocabulary, Math.max(1, answeringSources), ownByKey.get(key))));
        Map<String, Double> meaning = similarity.of(evidence.stream().map(e -> new Found(e.term(), e.theme())).toList(), seeds);
        List<Merged> merged = new ArrayList<>(evidence.size());
        Set<String> droppedThemes = new HashSet<>(); // the user's words judged off topic: the forms built on them go too
        for (Evidence e : evidence) {
            if (ownByKey.containsKey(e.key()) && !e.term().contains(" ") && Lexicon.kind(e.term()) != null
                    && meaning.getOrDefault(e.term(), Double.NaN) < OWN_WORD_MIN_SIMILARITY) {
                droppedThemes.add(Terms.key(e.term()));
            }
        }
        for (Evidence e : evidence) {
            double s = meaning.getOrDefault(e.term(), Double.NaN);
            if (QueryForms.isForm(e.origin()) && e.theme() != null && droppedThemes.contains(Terms.key(e.theme()))) continue; // "financing cost"
            // the user's own phrases, and the forms built on them, are on topic by definition; a single word of
            // theirs is judged ("financing" of a solar business may mean anything), less strictly than a find, and
            // not at all when WordNet does not know it: then it is the trade's own word ("fintech", "balayage"),
            // which the model cannot judge either
            boolean ownWord = ownByKey.containsKey(e.key()) && !e.term().contains(" ");
            boolean own = ownByKey.containsKey(e.key()) && !ownWord || ownWord && Lexicon.kind(e.term()) == null
                    || QueryForms.isForm(e.origin());
            // who provides what the user named (caterer of catering) is their word in another form: as lenient
            boolean lenient = ownWord || QueryForms.PROVIDER.equals(e.origin());
            if (!own && s < (lenient ? OWN_WORD_MIN_SIMILARITY : MIN_SIMILARITY)) continue; // NaN (not judged) passes
            merged.add(new Merged(e.key(), e.term(), e.stems(), e.score(s), e.theme(), e.origin()));
        }
        merged.sort(Comparator.comparingDouble(Merged::score).reversed().thenComparing(Merged::term));
        return diversify(merged, limit);
    }

    private static Evidence merge(String key, List<Candidate> group, Set<String> vocabulary, int answeringSources,
                                  String ownForm) {
        Set<String> sources = new HashSet<>();
        double bestRelevance = 0;
        double popularity = Double.NaN;
        String theme = null;
        double themeRelevance = -1;
        String origin = null;
        double originRelevance = -1;
        Map<String, Integer> forms = new HashMap<>();
        for (Candidate c : group) {
            sources.add(c.source());
            bestRelevance = Math.max(bestRelevance, c.relevance());
            if (c.relevance() > originRelevance) {
                origin = c.origin();
                originRelevance = c.relevance();
            }
            if (c.theme() != null && c.relevance() > themeRelevance) {
                theme = c.theme();
                themeRelevance = c.relevance();
            }
            if (!Double.isNaN(c.popularity())) popularity = Double.isNaN(popularity) ? c.popularity() : Math.max(popularity, c.popularity());
            forms.merge(Terms.display(c.term()), 1, Integer::sum);
        }
        // the form most sources wrote; the shortest, then alphabetical, on a tie (deterministic)
        String term = ownForm != null ? Terms.display(ownForm) : forms.entrySet().stream()
                .min(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparingInt(e -> e.getKey().length()).thenComparing(Map.Entry::getKey))
                .orElseThrow().getKey();
        Set<String> stems = Terms.stems(term);
        double seedShare = stems.isEmpty() ? 0 : (double) stems.stream().filter(vocabulary::contains).count() / stems.size();
        double agreement = Math.min(1.0, (double) sources.size() / answeringSources);
        return new Evidence(key, term, stems, bestRelevance, seedShare, agreement, popularity, theme, origin);
    }

    /** Greedy maximal marginal relevance over candidates sorted by base score. */
    private static List<Keyword> diversify(List<Merged> sorted, int limit) {
        List<Merged> pool = new ArrayList<>(sorted.subList(0, Math.min(sorted.size(), Math.max(limit * 4, limit))));
        List<Merged> picked = new ArrayList<>();
        List<Keyword> keywords = new ArrayList<>();
        while (!pool.isEmpty() && keywords.size() < limit) {
            Merged best = null;
            double bestWeight = -1;
            for (Merged m : pool) {
                double weight = m.score() - REDUNDANCY_PENALTY * maxSimilarity(m, picked);
                if (weight > bestWeight || (weight == bestWeight && best != null && m.term().compareTo(best.term()) < 0)) {
                    best = m;
                    bestWeight = weight;
                }
            }
            pool.remove(best);
            picked.add(best);
            // clamped to [0.001, 1] before rounding to 3 decimals, so never 0
            double weight = Math.round(Math.clamp(bestWeight, MIN_WEIGHT, 1.0) * 1000) / 1000.0;
            keywords.add(new Keyword(best.term(), weight, best.theme(), best.origin()));
        }
        keywords.sort(Comparator.comparingDouble(Keyword::weight).reversed().thenComparing(Keyword::term));
        return keywords;
    }

    private static double maxSimilarity(Merged m, List<Merged> picked) {
        double max = 0;
        for (Merged p : picked) {
            Set<String> union = new HashSet<>(m.stems());
            union.addAll(p.stems());
            long shared = m.stems().stream().filter(p.stems()::contains).count();
            if (!union.isEmpty()) max = Math.max(max, (double) shared / union.size());
        }
        return max;
    }
}
