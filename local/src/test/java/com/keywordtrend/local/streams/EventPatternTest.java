package com.keywordtrend.local.streams;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.local.streams.EventPattern;
import org.junit.jupiter.api.Test;

/** Lambda's FilterCriteria semantics, as the local poller applies the template's patterns. */
class EventPatternTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final EventPattern ORCHESTRATE_INSERTS = EventPattern.parse(
            "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": {\"job_type\": {\"S\": [\"orchestrate\"]}}}}");

    static JsonNode record(String eventName, String jobType) throws Exception {
        return JSON.readTree("{\"eventName\":\"" + eventName + "\",\"dynamodb\":{\"NewImage\":{\"job_type\":{\"S\":\""
                + jobType + "\"}}}}");
    }

    @Test
    void insert_of_the_job_type_matches() throws Exception {
        assertTrue(ORCHESTRATE_INSERTS.matches(record("INSERT", "orchestrate")));
    }

    @Test
    void modify_record_never_matches() throws Exception {
        assertFalse(ORCHESTRATE_INSERTS.matches(record("MODIFY", "orchestrate")));
        assertFalse(ORCHESTRATE_INSERTS.matches(record("REMOVE", "orchestrate")));
    }

    @Test
    void insert_of_the_other_job_type_never_matches() throws Exception {
        assertFalse(ORCHESTRATE_INSERTS.matches(record("INSERT", "trends")));
    }

    @Test
    void record_without_the_filtered_field_never_matches() throws Exception {
        assertFalse(ORCHESTRATE_INSERTS.matches(JSON.readTree("{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{}}}")));
    }

    @Test
    void exists_prefix_and_anything_but_rules() throws Exception {
        JsonNode event = JSON.readTree("{\"a\":\"orchestrate\",\"n\":5}");
        assertTrue(EventPattern.parse("{\"a\":[{\"prefix\":\"orch\"}]}").matches(event));
        assertTrue(EventPattern.parse("{\"b\":[{\"exists\":false}]}").matches(event));
        assertFalse(EventPattern.parse("{\"a\":[{\"anything-but\":[\"orchestrate\"]}]}").matches(event));
        assertTrue(EventPattern.parse("{\"n\":[5.0]}").matches(event));
    }

    @Test
    void a_pattern_that_is_not_a_json_object_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("[\"INSERT\"]"));
    }
}
