package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyword discovery's results: the weighted keywords, best first, and what each source did.
 *
 * @param keywords null until the job completes
 * @param sources  null until the job completes (or fails with a report)
 */
public record OrchestrateResults(List<WeightedKeyword> keywords, List<SourceReport> sources, List<Cluster> clusters)
        implements JobResults {
    public static final String KEYWORDS = "keywords";
    public static final String SOURCES = "sources";
    public static final String CLUSTERS = "clusters";

    public OrchestrateResults(List<WeightedKeyword> keywords, List<SourceReport> sources) {
        this(keywords, sources, null);
    }

    /** A theme of the keywords: the service (or the industry, or the USP) they were found for, and its terms, best first. */
    public record Cluster(String label, List<String> terms) {
        public Cluster {
            terms = List.copyOf(terms);
        }
    }

    /**
     * A search term and its weight (0–1], the contract's {@code {"term", "weight"}}, and what a searcher
     * typing it most likely wants ({@code intent}: informational, commercial, transactional,
     * navigational or local; null when not judged), whether it is a question people ask, and where it
     * came from ({@code origin}: "your words", "WordNet: …", "form: near me", a live source's name), so
     * that a generated form is never passed off as observed demand.
     */
    public record WeightedKeyword(String term, double weight, String intent, boolean question, String cluster, String origin) {
        public WeightedKeyword(String term, double weight) {
            this(term, weight, null, false, null, null);
        }
    }

    /**
     * What one source did for the job: how many candidates it gave, how long it took, why it failed,
     * and how its calls were answered (null: no cache, or a source that calls nobody).
     */
    public record SourceReport(String name, boolean ok, int candidates, long millis, String error, CacheUse cache) {
        public SourceReport(String name, boolean ok, int candidates, long millis, String error) {
            this(name, ok, candidates, millis, error, null);
        }
    }

    public OrchestrateResults {
        keywords = keywords == null ? null : List.copyOf(keywords);
        sources = sources == null ? null : List.copyOf(sources);
        clusters = clusters == null ? null : List.copyOf(clusters);
    }

    @Override
    public ObjectNode toAttributes() {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        if (keywords != null) {
            ArrayNode array = attributes.putArray(KEYWORDS);
            keywords.forEach(k -> {
                ObjectNode keyword = array.addObject().put("term", k.term()).put("weight", k.weight());
                if (k.intent() != null) keyword.put("intent", k.intent());
                if (k.question()) keyword.put("question", true);
                if (k.cluster() != null) keyword.put("cluster", k.cluster());
                if (k.origin() != null) keyword.put("origin", k.origin());
            });
        }
        if (clusters != null) {
            ArrayNode array = attributes.putArray(CLUSTERS);
            for (Cluster c : clusters) {
                ObjectNode cluster = array.addObject().put("label", c.label());
                ArrayNode terms = cluster.putArray("terms");
                c.terms().forEach(terms::add);
            }
        }
        if (sources != null) {
            ArrayNode array = attributes.putArray(SOURCES);
            for (SourceReport r : sources) {
                ObjectNode report = array.addObject().put("name", r.name()).put("status", r.ok() ? "ok" : "failed")
                        .put("candidates", r.candidates()).put("ms", r.millis());
                if (r.error() != null) report.put("error", r.error());
                CacheUse.write(r.cache(), report);
            }
        }
        return attributes;
    }

    @Override
    public ObjectNode toReply() {
        return toAttributes();
    }

    public static OrchestrateResults fromAttributes(JsonNode attributes) {
        List<WeightedKeyword> keywords = null;
        if (attributes.has(KEYWORDS)) {
            keywords = new ArrayList<>();
            for (JsonNode k : attributes.get(KEYWORDS)) {
                keywords.add(new WeightedKeyword(k.path("term").asText(), k.path("weight").asDouble(), Attributes.text(k, "intent"),
                        k.path("question").asBoolean(false), Attributes.text(k, "cluster"), Attributes.text(k, "origin")));
            }
        }
        List<SourceReport> sources = null;
        if (attributes.has(SOURCES)) {
            sources = new ArrayList<>();
            for (JsonNode r : attributes.get(SOURCES)) {
                sources.add(new SourceReport(r.path("name").asText(), "ok".equals(r.path("status").asText()),
                        r.path("candidates").asInt(), r.path("ms").asLong(), Attributes.text(r, "error"), CacheUse.read(r)));
            }
        }
        List<Cluster> clusters = null;
        if (attributes.has(CLUSTERS)) {
            clusters = new ArrayList<>();
            for (JsonNode c : attributes.get(CLUSTERS)) clusters.add(new Cluster(c.path("label").asText(), Attributes.strings(c.path("terms"))));
        }
        return new OrchestrateResults(keywords, sources, clusters);
    }
}
