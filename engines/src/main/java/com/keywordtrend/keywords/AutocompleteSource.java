package com.keywordtrend.keywords;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Search-box suggestions (DuckDuckGo's {@code /ac/?q=}, answering {@code [{"phrase": ...}]}): what
 * people type after a seed. Best-effort enrichment: an unofficial endpoint, never required.
 * A suggestion shows that people search for it, hence a popularity signal by rank.
 */
public final class AutocompleteSource extends PerSeedSource {
    private final SourceClient client;
    private final URI base;

    public AutocompleteSource(SourceClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    @Override
    public String name() {
        return "autocomplete";
    }

    /**
     * The seed phrases, and for the industry and the USP the question forms people start typing:
     * "how …", "what is …", "best …", "… vs", "… near me". What the search box completes them with
     * are the questions people ask (marked as such in the results).
     */
    @Override
    List<String> phrasesFor(Seeds seeds) {
        List<String> phrases = new ArrayList<>(seeds.phrases());
        for (String seed : List.of(Terms.display(seeds.industry()), Terms.display(seeds.usp()))) {
            if (seed.isBlank()) continue;
            for (String prompt : QUESTION_PROMPTS) phrases.add(prompt.replace("…", seed));
        }
        return phrases;
    }

    /** Suggestion services send ten or so; more than this is not a list of suggestions. */
    static final int MAX_SUGGESTIONS = 20;

    static final List<String> QUESTION_PROMPTS = List.of("how …", "what is …", "best …", "… vs", "… near me");

    @Override
    List<Candidate> forPhrase(String phrase, Seeds seeds, Instant deadline) throws SourceException {
        JsonNode result = client.getJson(base.resolve("/ac/?type=list&q=" + SourceClient.encode(phrase)), deadline);
        List<String> phrases = new ArrayList<>();
        if (result.isArray()) {
            for (JsonNode item : result) {
                if (item.isObject() && item.hasNonNull("phrase")) phrases.add(item.get("phrase").asText());
                else if (item.isArray()) item.forEach(s -> phrases.add(s.asText())); // ["q", ["s1", "s2"]] list form
            }
        } else {
            throw new SourceException("autocomplete sent a malformed response");
        }
        phrases.removeIf(p -> p.isBlank() || p.equalsIgnoreCase(phrase));
        List<String> kept = asked(phrases, MAX_SUGGESTIONS);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            double rank = rankRelevance(i, kept.size());
            candidates.add(new Candidate(kept.get(i), name(), rank * 0.8, rank));
        }
        return candidates;
    }
}
