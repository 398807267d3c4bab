package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a job produced, by job type (on failure, what it can tell about why). Each record is the one
 * mapping between its fields and the item's snake_case attributes, and the fields a poll shows.
 */
public sealed interface JobResults permits OrchestrateResults, TrendsResults {

    /** The item attributes to set; an attribute set to JSON null is removed (an input the results replace). */
    ObjectNode toAttributes();

    /** The results as a poll shows them. */
    ObjectNode toReply();

    /**
     * Results as a result object in the bucket holds them: as a poll shows them (so that a client
     * downloading {@code result_url} reads what it would have polled), with a trends job's granularity.
     */
    static ObjectNode storedReply(JobType type, ObjectNode attributes) {
        JobResults results = of(type, attributes);
        ObjectNode reply = results.toReply();
        if (results instanceof TrendsResults trends && trends.granularity() != null) reply.put(TrendsResults.GRANULARITY, trends.granularity());
        return reply;
    }

    /** The inverse of {@link #storedReply}: the item attributes a stored result stands for. */
    static ObjectNode attributesOfStoredReply(JobType type, JsonNode stored) {
        return switch (type) {
            case ORCHESTRATE -> ((ObjectNode) stored).deepCopy(); // its reply is its attributes
            case TRENDS -> TrendsResults.attributesOfStoredReply(stored);
        };
    }

    /** The results a job of {@code type} holds so far (none, some on failure, all once COMPLETED). */
    static JobResults of(JobType type, JsonNode attributes) {
        return switch (type) {
            case ORCHESTRATE -> OrchestrateResults.fromAttributes(attributes);
            case TRENDS -> TrendsResults.fromAttributes(attributes);
        };
    }
}
