package com.keywordtrend.keywords;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Wikipedia: {@code action=opensearch} finds the articles a seed names; {@code list=search} with
 * {@code srsearch=morelike:<article>} finds articles on related topics. Titles are the candidates;
 * an article's word count hints at how established the topic is (popularity). Every call asks
 * {@code maxlag=5}, as Wikimedia asks of automated clients: when its replicas lag, it answers an
 * error (retried after its Retry-After) instead of adding load.
 */
public final class WikipediaSource extends PerSeedSource {
    static final int OPENSEARCH_LIMIT = 5;
    static final int MORELIKE_LIMIT = 15;

    private final SourceClient client;
    private final URI base;

    public WikipediaSource(SourceClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    @Override
    public String name() {
        return "wikipedia";
    }

    @Override
    List<Candidate> forPhrase(String phrase, Seeds seeds, Instant deadline) throws SourceException {
        List<String> titles = opensearch(phrase, deadline);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            candidates.add(new Candidate(titles.get(i), name(), rankRelevance(i, titles.size()) * 0.9, Double.NaN));
        }
        if (!titles.isEmpty()) {
            JsonNode search = client.getJson(base.resolve("/w/api.php?action=query&list=search&format=json&maxlag=5&srlimit="
                    + MORELIKE_LIMIT + "&srprop=wordcount&srsearch=" + SourceClient.encode("morelike:" + titles.getFirst())), deadline);
            JsonNode hits = search.path("query").path("search");
            if (!hits.isArray()) throw new SourceException("wikipedia sent a malformed response");
            List<JsonNode> kept = asked(hits, MORELIKE_LIMIT);
            for (int i = 0; i < kept.size(); i++) {
                JsonNode hit = kept.get(i);
                double words = hit.path("wordcount").asDouble(Double.NaN);
                double popularity = Double.isNaN(words) ? Double.NaN : Math.clamp(Math.log10(Math.max(words, 100)) / 4 - 0.5, 0, 1);
                candidates.add(new Candidate(hit.path("title").asText(""), name(), rankRelevance(i, kept.size()) * 0.7, popularity));
            }
        }
        candidates.removeIf(c -> c.term().isBlank());
        return candidates;
    }

    /** Article titles for a phrase; opensearch answers {@code [query, [titles], [descriptions], [urls]]}. */
    public List<String> opensearch(String phrase, Instant deadline) throws SourceException {
        JsonNode result = client.getJson(base.resolve("/w/api.php?action=opensearch&format=json&namespace=0&redirects=resolve&maxlag=5&limit="
                + OPENSEARCH_LIMIT + "&search=" + SourceClient.encode(phrase)), deadline);
        if (!result.isArray() || result.size() < 2 || !result.get(1).isArray()) {
            throw new SourceException("wikipedia sent a malformed response");
        }
        List<String> titles = new ArrayList<>();
        result.get(1).forEach(t -> titles.add(t.asText()));
        return asked(titles, OPENSEARCH_LIMIT);
    }
}
