package com.keywordtrend.keywords;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the user told us: the inputs of an orchestrate job, and the seed phrases sources are asked about. */
public record Seeds(String industry, String usp, List<String> keyServices) {

    public static Seeds of(JsonNode data) {
        List<String> services = new ArrayList<>();
        data.path("key_services").forEach(s -> services.add(s.asText()));
        return new Seeds(data.path("industry").asText(""), data.path("usp").asText(""), services);
    }

    /** The phrases to ask sources about: industry, USP, each key service, and each service within the industry. */
    public List<String> phrases() {
        Set<String> phrases = new LinkedHashSet<>();
        phrases.add(Terms.display(industry));
        phrases.add(Terms.display(usp));
        for (String service : keyServices) {
            phrases.add(Terms.display(service));
            phrases.add(Terms.display(industry + " " + service));
        }
        phrases.removeIf(String::isBlank);
        return List.copyOf(phrases);
    }

    /** Stems of every seed word: what "on topic" means for scoring. */
    public Set<String> vocabulary() {
        Set<String> stems = new LinkedHashSet<>(Terms.stems(industry));
        stems.addAll(Terms.stems(usp));
        keyServices.forEach(s -> stems.addAll(Terms.stems(s)));
        return stems;
    }
}
