package com.keywordtrend.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.sources.SourceClient;
import com.keywordtrend.sources.SourceException;
import java.net.URI;
import java.time.Clock;
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
 * weekly is daily summed by week. A keyword without an article has no data.
 *
 * <p>The API leaves out periods without views and answers 404 when a whole range has none; its
 * documentation says to read both as zero. Only periods it may not have loaded yet (it publishes a
 * day's views during the next day) stay missing.
 */
public final class PageviewsSource {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final SourceClient wikipedia;
    private final URI wikipediaBase;
    private final SourceClient wikimedia;
    private final URI wikimediaBase;

    private final Clock clock;

    public PageviewsSource(SourceClient wikipedia, URI wikipediaBase, SourceClient wikimedia, URI wikimediaBase, Clock clock) {
        this.wikipedia = wikipedia;
        this.wikipediaBase = wikipediaBase;
        this.wikimedia = wikimedia;
        this.wikimediaBase = wikimediaBase;
        this.clock = clock;
    }

    /** The article a keyword names, if any. */
    public Optional<String> article(String keyword, Instant deadline) throws SourceException {
        JsonNode result = wikipedia.getJson(wikipediaBase.resolve("/w/api.php?action=opensearch&format=json&namespace=0"
                + "&redirects=resolve&limit=1&maxlag=5&search=" + SourceClient.encode(keyword)), deadline);
        if (!result.isArray() || result.size() < 2 || !result.get(1).isArray()) {
            throw new SourceException("wikipedia sent a malformed response");
        }
        return result.get(1).isEmpty() ? Optional.empty() : Optional.of(result.get(1).get(0).asText());
    }

    /**
     * Views per date of {@code dates}: 0 where the API lists none, NaN for periods it may not have
     * loaded yet; empty when no period is loaded.
     */
    public Optional<double[]> views(String article, Granularity granularity, List<LocalDate> dates, Instant deadline)
            throws SourceException {
        LocalDate first = dates.getFirst();
        LocalDate last = granularity.next(dates.getLast(), 1).minusDays(1);
        String apiGranularity = granularity == Granularity.MONTHLY ? "monthly" : "daily";
        URI uri = wikimediaBase.resolve("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/"
                + SourceClient.encode(article.replace(' ', '_')) + "/" + apiGranularity + "/" + STAMP.format(first) + "00/"
                + STAMP.format(last) + "00");
        Map<LocalDate, Double> byPeriod = new HashMap<>();
        try {
            JsonNode items = wikimedia.getJson(uri, deadline).path("items");
            if (!items.isArray()) throw new SourceException("wikimedia sent a malformed response");
            for (JsonNode item : items) {
                String stamp = item.path("timestamp").asText("");
                if (stamp.length() < 8 || !item.path("views").isNumber()) continue;
                LocalDate day = LocalDate.parse(stamp.substring(0, 8), STAMP);
                byPeriod.merge(granularity.periodStart(day), item.get("views").asDouble(), Double::sum);
            }
        } catch (SourceException e) {
            if (!e.notFound()) throw e; // 404: no views in the whole range (the article exists: opensearch found it)
        }
        LocalDate lastLoaded = LocalDate.now(clock).minusDays(2);
        double[] values = new double[dates.size()];
        boolean anyLoaded = false;
        for (int i = 0; i < dates.size(); i++) {
            Double views = byPeriod.get(dates.get(i));
            boolean loaded = !granularity.next(dates.get(i), 1).minusDays(1).isAfter(lastLoaded);
            values[i] = views != null ? views : loaded ? 0 : Double.NaN;
            anyLoaded |= !Double.isNaN(values[i]);
        }
        return anyLoaded ? Optional.of(values) : Optional.empty();
    }
}
