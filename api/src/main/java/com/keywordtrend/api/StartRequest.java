package com.keywordtrend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.JobLimits;
import com.keywordtrend.model.OrchestrateInputs;
import com.keywordtrend.model.TrendsInputs;
import com.keywordtrend.model.GoogleTrendsCsv;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Validates a start request of each job type into its typed inputs (the request uses the inputs' attribute names). */
public final class StartRequest {
    static final String MISSING_ORCHESTRATE = "Missing required fields: industry and usp";
    static final String MISSING_TRENDS = "Missing required fields: industry and keywords";
    static final Set<String> GRANULARITIES = Set.of("monthly", "weekly", "daily");

    private StartRequest() {
    }

    /** {@code {"industry", "usp", "key_services"?, "location"?}}. */
    public static OrchestrateInputs orchestrate(ObjectNode body) {
        String industry = Fields.optionalText(body, OrchestrateInputs.INDUSTRY, JobLimits.MAX_INDUSTRY_LENGTH);
        String usp = Fields.optionalText(body, OrchestrateInputs.USP, JobLimits.MAX_USP_LENGTH);
        List<String> keyServices = Fields.textList(body, OrchestrateInputs.KEY_SERVICES,
                JobLimits.MAX_KEY_SERVICES, JobLimits.MAX_KEY_SERVICE_LENGTH, null);
        String location = Fields.optionalText(body, OrchestrateInputs.LOCATION, JobLimits.MAX_LOCATION_LENGTH);
        if (industry == null || usp == null) throw new BadRequestException(MISSING_ORCHESTRATE);

        return new OrchestrateInputs(industry, usp, keyServices, location);
    }

    /**
     * {@code {"industry", "keywords", "granularity"?, "start_date"?, "end_date"?, "series_csv"?}}.
     * keywords are strings or the orchestrate output {@code [{"term", "weight"}]}.
     */
    public static TrendsInputs trends(ObjectNode body) {
        return trends(body, true);
    }

    /** As {@link #trends(ObjectNode)}; without live sources a job without series_csv could only fail, so it is not started. */
    public static TrendsInputs trends(ObjectNode body, boolean liveSources) {
        TrendsInputs inputs = parseTrends(body);
        if (!liveSources && inputs.seriesCsv() == null) throw new BadRequestException(NEEDS_SERIES_CSV);
        return inputs;
    }

    static final String NEEDS_SERIES_CSV = "series_csv is required here: this deployment has no live interest source"
            + " (SourcesOffline). Download \"Interest over time\" from Google Trends and send it as series_csv";

    private static TrendsInputs parseTrends(ObjectNode body) {
        String industry = Fields.optionalText(body, TrendsInputs.INDUSTRY, JobLimits.MAX_INDUSTRY_LENGTH);
        List<String> keywords = Fields.textList(body, TrendsInputs.KEYWORDS,
                JobLimits.MAX_TREND_KEYWORDS, JobLimits.MAX_KEYWORD_LENGTH, "term");
        if (industry == null || keywords.isEmpty()) throw new BadRequestException(MISSING_TRENDS);

        String granularity = Fields.optionalText(body, TrendsInputs.GRANULARITY, 10);
        granularity = granularity == null ? TrendsInputs.DEFAULT_GRANULARITY : granularity.toLowerCase(Locale.ROOT);
        if (!GRANULARITIES.contains(granularity)) {
            throw new BadRequestException("granularity must be one of monthly, weekly, daily");
        }
        LocalDate start = date(body, TrendsInputs.START_DATE);
        LocalDate end = date(body, TrendsInputs.END_DATE);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new BadRequestException("start_date must be before end_date");
        }
        if (start != null && end != null) {
            long points = JobLimits.points(granularity, start, end);
            int max = JobLimits.maxPoints(granularity);
            if (points > max) {
                throw new BadRequestException("The period holds " + points + " " + granularity
                        + " points; at most " + max + " are allowed");
            }
        }
        String seriesCsv = body.hasNonNull(TrendsInputs.SERIES_CSV) ? body.get(TrendsInputs.SERIES_CSV).asText(null) : null;
        if (body.hasNonNull(TrendsInputs.SERIES_CSV) && !body.get(TrendsInputs.SERIES_CSV).isTextual()) {
            throw new BadRequestException("series_csv must be a string holding a Google Trends CSV export");
        }
        if (seriesCsv != null && seriesCsv.getBytes(StandardCharsets.UTF_8).length > JobLimits.MAX_SERIES_CSV_BYTES) {
            throw new BadRequestException("series_csv must be at most " + JobLimits.MAX_SERIES_CSV_BYTES / 1024 + " KB");
        }
        if (seriesCsv != null && !seriesCsv.isBlank()) {
            GoogleTrendsCsv.Series series;
            try {
                series = GoogleTrendsCsv.parse(seriesCsv); // what the analysis would refuse, refused now, in its words
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
            checkSeriesSize(series); // what was read, however the export was quoted or spaced
        }

        return new TrendsInputs(industry, keywords, granularity, start, end,
                seriesCsv == null || seriesCsv.isBlank() ? null : seriesCsv);
    }

    /**
     * Bounds a CSV export by what it holds, not only by its bytes: a byte-bounded export of short
     * daily rows holds thousands of points, and the analysis grows with them.
     */
    private static void checkSeriesSize(GoogleTrendsCsv.Series series) {
        int rows = series.dates().size();
        int max = JobLimits.maxPoints(series.granularity());
        if (rows > max) {
            throw new BadRequestException("series_csv holds " + rows + " " + series.granularity()
                    + " rows; at most " + max + " are allowed");
        }
    }

    private static LocalDate date(ObjectNode body, String field) {
        String text = Fields.optionalText(body, field, 10);
        if (text == null) return null;
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                throw new BadRequestException(field + " must be a date between 2000 and 2100");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field + " must be a date like 2025-01-31");
        }
    }
}
