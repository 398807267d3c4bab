package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How often a job's calls to one source were answered from the shared cache of source answers
 * ({@code hits}) and how often the source itself was asked ({@code misses}); shown in a job's
 * {@code sources} as {@code "cache": {"hits", "misses"}}.
 */
public record CacheUse(int hits, int misses) {
    static final String FIELD = "cache";

    /** Adds {@code "cache"} to a sources entry when the cache was consulted. */
    static void write(CacheUse cache, ObjectNode entry) {
        if (cache != null && cache.hits + cache.misses > 0) entry.putObject(FIELD).put("hits", cache.hits).put("misses", cache.misses);
    }

    static CacheUse read(JsonNode entry) {
        JsonNode cache = entry.path(FIELD);
        return cache.isObject() ? new CacheUse(cache.path("hits").asInt(), cache.path("misses").asInt()) : null;
    }
}
