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

    /** The results a job of {@code type} holds so far (none, some on failure, all once COMPLETED). */
    static JobResults of(JobType type, JsonNode attributes) {
        return switch (type) {
            case ORCHESTRATE -> OrchestrateResults.fromAttributes(attributes);
            case TRENDS -> TrendsResults.fromAttributes(attributes);
        };
    }
}
