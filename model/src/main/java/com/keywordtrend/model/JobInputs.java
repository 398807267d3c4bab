package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a start asked for, by job type, as the API validated it. Each record is the one mapping
 * between its fields and the item's snake_case attributes, written without reflection (nothing to
 * scan on a cold start).
 */
public sealed interface JobInputs permits OrchestrateInputs, TrendsInputs {

    JobType type();

    String industry();

    /** The item attributes of these inputs, in a fixed order (a repeated start's fingerprint depends on it). */
    ObjectNode toAttributes();

    /** The inputs of a job of {@code type} from its item attributes. */
    static JobInputs of(JobType type, JsonNode attributes) {
        return switch (type) {
            case ORCHESTRATE -> OrchestrateInputs.fromAttributes(attributes);
            case TRENDS -> TrendsInputs.fromAttributes(attributes);
        };
    }
}
