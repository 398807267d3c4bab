package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * Keyword discovery: the industry, the unique selling proposition, the key services and, optionally,
 * where the business serves its customers ({@code location}, null when not given: the deployed client
 * never sends it).
 */
public record OrchestrateInputs(String industry, String usp, List<String> keyServices, String location) implements JobInputs {
    public static final String INDUSTRY = "industry";
    public static final String USP = "usp";
    public static final String KEY_SERVICES = "key_services";
    public static final String LOCATION = "location";

    public OrchestrateInputs(String industry, String usp, List<String> keyServices) {
        this(industry, usp, keyServices, null);
    }

    public OrchestrateInputs {
        Objects.requireNonNull(industry, INDUSTRY);
        Objects.requireNonNull(usp, USP);
        keyServices = List.copyOf(keyServices);
    }

    @Override
    public JobType type() {
        return JobType.ORCHESTRATE;
    }

    @Override
    public ObjectNode toAttributes() {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put(INDUSTRY, industry);
        attributes.put(USP, usp);
        attributes.set(KEY_SERVICES, Attributes.array(keyServices));
        if (location != null) attributes.put(LOCATION, location);
        return attributes;
    }

    public static OrchestrateInputs fromAttributes(JsonNode attributes) {
        return new OrchestrateInputs(attributes.path(INDUSTRY).asText(""), attributes.path(USP).asText(""),
                Attributes.strings(attributes.path(KEY_SERVICES)), Attributes.text(attributes, LOCATION));
    }
}
