package com.keywordtrend.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Trend analysis: the keywords to follow, at a granularity (monthly, weekly, daily), over an
 * optional period, optionally from a Google Trends CSV export the client brings.
 *
 * @param startDate null for the default window
 * @param endDate   null for the last complete period
 * @param seriesCsv null when the client brought none (or once the job has turned it into a timeline)
 */
public record TrendsInputs(String industry, List<String> keywords, String granularity, LocalDate startDate,
                           LocalDate endDate, String seriesCsv) implements JobInputs {
    public static final String INDUSTRY = "industry";
    public static final String KEYWORDS = "keywords";
    public static final String GRANULARITY = "granularity";
    public static final String START_DATE = "start_date";
    public static final String END_DATE = "end_date";
    public static final String SERIES_CSV = "series_csv";
    public static final String DEFAULT_GRANULARITY = "monthly";

    public TrendsInputs {
        Objects.requireNonNull(industry, INDUSTRY);
        keywords = List.copyOf(keywords);
        if (granularity == null) granularity = DEFAULT_GRANULARITY;
    }

    @Override
    public JobType type() {
        return JobType.TRENDS;
    }

    @Override
    public ObjectNode toAttributes() {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put(INDUSTRY, industry);
        attributes.set(KEYWORDS, Attributes.array(keywords));
        attributes.put(GRANULARITY, granularity);
        if (startDate != null) attributes.put(START_DATE, startDate.toString());
        if (endDate != null) attributes.put(END_DATE, endDate.toString());
        if (seriesCsv != null) attributes.put(SERIES_CSV, seriesCsv);
        return attributes;
    }

    public static TrendsInputs fromAttributes(JsonNode attributes) {
        String start = Attributes.text(attributes, START_DATE);
        String end = Attributes.text(attributes, END_DATE);
        return new TrendsInputs(attributes.path(INDUSTRY).asText(""), Attributes.strings(attributes.path(KEYWORDS)),
                Attributes.text(attributes, GRANULARITY), start == null ? null : LocalDate.parse(start),
                end == null ? null : LocalDate.parse(end), Attributes.text(attributes, SERIES_CSV));
    }
}
