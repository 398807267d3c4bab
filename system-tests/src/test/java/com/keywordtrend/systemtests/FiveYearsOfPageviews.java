package com.keywordtrend.systemtests;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.sources.RecordedApi;
import com.keywordtrend.sources.SourceClient;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;

/**
 * Wikipedia and Wikimedia's pageviews API as they answer, for 50 articles over five years of days
 * (2020–2024, 1,827 points): the documented maximum of a trends job, 50 keywords × the longest
 * daily period. Keyword k (its short name, or any longer one starting with it) is found as the
 * article "Furniture k", whose daily views carry a trend, a weekly cycle and a yearly peak.
 */
public final class FiveYearsOfPageviews implements AutoCloseable {
    public static final LocalDate FIRST_DAY = LocalDate.of(2020, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2024, 12, 31);
    public static final int DAYS = 1_827;
    public static final int KEYWORDS = 50;

    private final RecordedApi api;

    public FiveYearsOfPageviews() throws IOException {
        api = new RecordedApi();
        for (int k = 1; k <= KEYWORDS; k++) {
            String article = String.format("Furniture %02d", k);
            api.onQuery("search=" + SourceClient.encode(keyword(k, 0)),
                    RecordedApi.Reply.json("[\"" + keyword(k, 0) + "\",[\"" + article + "\"],[\"\"],[\"\"]]"));
            api.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/" + article.replace(' ', '_') + "/",
                    RecordedApi.Reply.json(dailyViews(article, k)).gzipped());
        }
    }

    /** The source settings that point the runner's Wikipedia and Wikimedia clients here. */
    public Map<String, String> sourceSettings() {
        String base = api.base().toString();
        return Map.of("WIKIPEDIA_URL", base, "WIKIMEDIA_URL", base);
    }

    /**
     * The k-th keyword, {@code length} characters long at most (0: its short name, "furniture 07"):
     * the names are written once per point of the timeline, so they set how large a result grows.
     */
    public static String keyword(int k, int length) {
        String name = String.format("furniture %02d", k);
        String longer = name + " for a living room and a bedroom and a home office and a garden bought online or in store and delivered";
        return length == 0 ? name : longer.substring(0, length).strip();
    }

    /** A trends start of the first {@code count} keywords, each {@code length} characters long at most, over the five years daily. */
    public static ObjectNode start(int count, int length) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("industry", "furniture retail").put("granularity", "daily")
                .put("start_date", FIRST_DAY.toString()).put("end_date", LAST_DAY.toString());
        var keywords = body.putArray("keywords");
        for (int k = 1; k <= count; k++) keywords.add(keyword(k, length));
        return body;
    }

    /** The pageviews API's daily answer for an article over the five years. */
    static String dailyViews(String article, int k) {
        StringBuilder items = new StringBuilder("{\"items\":[");
        java.util.Random noise = new java.util.Random(k);
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            long views = Math.max(0, Math.round(200 + k * 20 + d * (k % 5 - 2) * 0.05 + 40 * Math.sin(2 * Math.PI * d / 7)
                    + 80 * Math.sin(2 * Math.PI * (day.getDayOfYear() + 10 * k) / 365.25) + noise.nextGaussian() * 15));
            if (d > 0) items.append(',');
            items.append("{\"project\":\"en.wikipedia\",\"article\":\"").append(article.replace(' ', '_'))
                    .append("\",\"granularity\":\"daily\",\"timestamp\":\"").append(day.toString().replace("-", "")).append("00\",")
                    .append("\"access\":\"all-access\",\"agent\":\"user\",\"views\":").append(views).append('}');
        }
        return items.append("]}").toString();
    }

    @Override
    public void close() {
        api.close();
    }
}
