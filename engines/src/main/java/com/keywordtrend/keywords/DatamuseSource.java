package com.keywordtrend.keywords;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Datamuse {@code /words?ml=<seed>&topics=<industry>&md=f}: words and phrases with a similar meaning,
 * nudged towards the industry, each with Datamuse's score (relevance) and its corpus frequency
 * per million words ({@code f:} tag; popularity).
 */
public final class DatamuseSource extends PerSeedSource {
    static final int MAX_RESULTS = 40;

    private final SourceClient client;
    private final URI base;

    public DatamuseSource(SourceClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    @Override
    public String name() {
        return "datamuse";
    }

    @Override
    List<Candidate> forPhrase(String phrase, Seeds seeds, Instant deadline) throws SourceException {
        String query = "ml=" + SourceClient.encode(phrase) + "&topics=" + SourceClient.encode(String.join(",", Terms.words(seeds.industry())))
                + "&md=f&max=" + MAX_RESULTS;
        JsonNode results = client.getJson(base.resolve("/words?" + query), deadline);
        if (!results.isArray()) throw new SourceException("datamuse sent a malformed response");
        List<JsonNode> asked = asked(results, MAX_RESULTS);
        double topScore = 0;
        for (JsonNode r : asked) topScore = Math.max(topScore, r.path("score").asDouble(0));
        List<Candidate> candidates = new ArrayList<>();
        int index = 0;
        for (JsonNode r : asked) {
            String word = r.path("word").asText("");
            if (word.isBlank()) continue;
            double relevance = topScore > 0 && r.has("score")
                    ? Math.clamp(r.path("score").asDouble() / topScore, 0, 1) : rankRelevance(index, asked.size());
            candidates.add(new Candidate(word, name(), relevance, popularity(r.path("tags"))));
            index++;
        }
        return candidates;
    }

    /**
     * log-scaled frequency per million words: 0.01/M → 0, 100/M and above → 1. Datamuse tags terms it
     * has no count for, most multi-word phrases among them, {@code f:0.000000}: unknown, not rare.
     */
    static double popularity(JsonNode tags) {
        for (JsonNode tag : tags) {
            String t = tag.asText("");
            if (t.startsWith("f:")) {
                try {
                    double perMillion = Double.parseDouble(t.substring(2));
                    if (perMillion <= 0) return Double.NaN;
                    return Math.clamp((Math.log10(Math.max(perMillion, 1e-2)) + 2) / 4, 0, 1);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

}
