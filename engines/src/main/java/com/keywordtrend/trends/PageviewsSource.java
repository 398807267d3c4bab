package com.keywordtrend.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Interest over time from Wikimedia Pageviews: the keyword's English Wikipedia article (found with
 * opensearch, redirects resolved), then its monthly or daily user views
 * ({@code /metrics/pageviews/per-article/en.wikipedia/all-access/user/{article}/{granularity}/{start}/{end}});
 * weekly is daily summed by week. A keyword without an article, or an article without views, has no data.
 */
public final class PageviewsSource {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final SourceClient wikipedia;
    private final URI wikipediaBase;
    private final SourceClient wikimedia;
    private final URI wikimediaBase;

    public PageviewsSource(SourceClient wikipedia, URI wikipediaBase, SourceClient wikimedia, URI wikimediaBase) {
        this.wikipedia = wikipedia;
        this.wikipediaBase = wikipediaBase;
        this.wikimedia = wikimedia;
        this.wikimediaBase = wikimediaBase;
    }

    /** The article a keyword names, if any. */
    public Optional<String> article(String keyword, Instant deadline) throws SourceException {
        JsonNode result = wikipedia.getJson(wikipediaBase.resolve("/w/api.php?action=opensearch&format=json&namespace=0"
                + "&redirects=resolve&limit=1&search=" + SourceClient.encode(keyword)), deadline);
        if (!result.isArray() || result.size() < 2 || !result.get(1).isArray()) {
            throw new SourceException("wikipedia sent a malformed response");
        }
        return result.get(1).isEmpty() ? Optional.empty() : Optional.of(result.get(1).get(0).asText());
    }

    /** Views per date of {@code dates} (NaN where the API has no point); empty when the article has no data. */
    public Optional<double[]> views(String article, Granularity granularity, List<LocalDate> dates, Instant deadline)
            throws SourceException {
        LocalDate first = dates.getFirst();
        LocalDate last = granularity.next(dates.getLast(), 1).minusDays(1);
        String apiGranularity = granularity == Granularity.MONTHLY ? "monthly" : "daily";
        URI uri = wikimediaBase.resolve("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/"
                + SourceClient.encode(article.replace(' ', '_')) + "/" + apiGranularity + "/" + STAMP.format(first) + "00/"
                + STAMP.format(last) + "00");
        JsonNode response;
        try {
            response = wikimedia.getJson(uri, deadline);
        } catch (SourceException e) {
            if (e.notFound()) return Optional.empty();
            throw e;
        }
        JsonNode items = response.path("items");
        if (!items.isArray()) throw new SourceException("wikimedia sent a malformed response");
        Map<LocalDate, Double> byPeriod = new HashMap<>();
        for (JsonNode item : items) {
            String stamp = item.path("timestamp").asText("");
            if (stamp.length() < 8 || !item.path("views").isNumber()) continue;
            LocalDate day = LocalDate.parse(stamp.substring(0, 8), STAMP);
            byPeriod.merge(granularity.periodStart(day), item.get("views").asDouble(), Double::sum);
        }
        if (byPeriod.isEmpty()) return Optional.empty();
        double[] values = new double[dates.size()];
        for (int i = 0; i < dates.size(); i++) values[i] = byPeriod.getOrDefault(dates.get(i), Double.NaN);
        return Optional.of(values);
    }

}
