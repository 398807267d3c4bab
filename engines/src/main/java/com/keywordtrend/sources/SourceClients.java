package com.keywordtrend.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.Settings;
import com.keywordtrend.model.SourceCache;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Each public source's client settings in one place: its published limits and etiquette, and the
 * User-Agent that carries the operator's contact (Wikimedia's User-Agent policy requires one and
 * blocks agents without it; the others ask for it).
 */
public final class SourceClients {
    /** Wikipedia's Action API and the Wikimedia REST API: one operator, serial requests per client. */
    public static final String WIKIMEDIA = "wikimedia";
    /** The setting of the sources' retry backoff (milliseconds before a first retry); their own when unset. */
    public static final String RETRY_BACKOFF_MS = "SOURCES_RETRY_BACKOFF_MS";

    private static final Pattern CONTACT = Pattern.compile("[^\\s@;()]+@[^\\s@;()]+\\.[^\\s@;()]+|https?://[^\\s;()]+\\.[^\\s;()]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceClients() {
    }

    /**
     * The User-Agent for every source call, from SOURCES_CONTACT (an e-mail address or a URL).
     *
     * @throws IllegalStateException when it is missing or is neither: live sources must not start without it
     */
    public static String userAgent(UnaryOperator<String> settings) {
        String contact = Settings.orDefault(settings, "SOURCES_CONTACT", "").trim();
        if (!isContact(contact)) {
            throw new IllegalStateException("SOURCES_CONTACT must name who runs this deployment (an e-mail address or an"
                    + " http(s) URL): Wikimedia's User-Agent policy blocks agents without contact information. Set the"
                    + " SourcesContact parameter (the runner's --contact), or run with SourcesOffline=true.");
        }
        return "keyword-trend/1.0 (" + contact + ") java.net.http";
    }

    public static boolean isContact(String contact) {
        return contact != null && CONTACT.matcher(contact).matches();
    }

    /**
     * A source's client as the settings have it: its etiquette below, unless SOURCES_{NAME}_MIN_INTERVAL_MS
     * or SOURCES_{NAME}_IN_FLIGHT (NAME: the source, or WIKIMEDIA for the shared Wikimedia gate) say
     * otherwise (a load test against a local server raises them; nothing else should), and the cache.
     * SOURCES_RETRY_BACKOFF_MS is the wait before a first retry (doubled at each next one) for every
     * source: a local server that refuses or fails answers the same at once, a public API not.
     */
    public static SourceClient client(String source, UnaryOperator<String> settings, SourceCache cache) {
        String userAgent = userAgent(settings);
        SourceClient.Config config = switch (source) {
            case "datamuse" -> datamuse(userAgent);
            case "wikipedia" -> wikipedia(userAgent);
            case "pageviews" -> pageviews(userAgent);
            case "autocomplete" -> autocomplete(userAgent);
            case "gdelt" -> gdelt(userAgent);
            default -> throw new IllegalArgumentException("no source " + source);
        };
        String prefix = "SOURCES_" + source.toUpperCase(java.util.Locale.ROOT);
        int interval = Settings.intOrDefault(settings, prefix + "_MIN_INTERVAL_MS", -1);
        if (interval >= 0) config = config.withMinInterval(Duration.ofMillis(interval));
        String gate = config.operator() == null ? prefix : "SOURCES_" + config.operator().toUpperCase(java.util.Locale.ROOT);
        int inFlight = Settings.intOrDefault(settings, gate + "_IN_FLIGHT", -1);
        if (inFlight > 0) config = config.withMaxInFlight(inFlight);
        int backoff = Settings.intOrDefault(settings, RETRY_BACKOFF_MS, -1);
        if (backoff >= 0) config = config.withBackoff(Duration.ofMillis(backoff));
        return new SourceClient(config, cache);
    }

    /** Datamuse: up to 100,000 requests a day without a key; they ask for no burst beyond that. Answers kept a week. */
    public static SourceClient.Config datamuse(String userAgent) {
        return SourceClient.Config.defaults("datamuse", userAgent).withMinInterval(Duration.ofMillis(50)).withMaxBody(1 << 20)
                // it answers in a fraction of a second: a reply still coming after 5 s holds the in-flight cap for others
                .withRequestTimeout(Duration.ofSeconds(5))
                .cachedFor(Duration.ofDays(7));
    }

    /**
     * Wikipedia's Action API: serial requests (one in flight with the REST API's), errors sent with
     * status 200. Article titles and related articles change slowly: kept a week.
     */
    public static SourceClient.Config wikipedia(String userAgent) {
        return SourceClient.Config.defaults("wikipedia", userAgent).sharedWith(WIKIMEDIA, 1).withCheck(SourceClients::mediaWikiError)
                .withMaxBody(1 << 20).cachedFor(Duration.ofDays(7));
    }

    /**
     * Wikimedia's REST API (pageviews): at most 100 requests/s per client, serial with the Action
     * API's. The periods asked are complete ones, but the last may not be loaded yet: kept a day.
     */
    public static SourceClient.Config pageviews(String userAgent) {
        return SourceClient.Config.defaults("pageviews", userAgent).withMinInterval(Duration.ofMillis(20)).sharedWith(WIKIMEDIA, 1)
                .cachedFor(Duration.ofDays(1));
    }

    /** DuckDuckGo's suggestions: unofficial, so gently. What people type changes within the day: kept 6 hours. */
    public static SourceClient.Config autocomplete(String userAgent) {
        return SourceClient.Config.defaults("autocomplete", userAgent).withMinInterval(Duration.ofMillis(250)).withMaxBody(256 << 10)
                .cachedFor(Duration.ofHours(6));
    }

    /** GDELT DOC 2.0: one request every 5 seconds, slow answers, throttling sent as plain text. News moves: kept 6 hours. */
    public static SourceClient.Config gdelt(String userAgent) {
        return SourceClient.Config.defaults("gdelt", userAgent).withMinInterval(Duration.ofSeconds(5))
                .withRequestTimeout(Duration.ofSeconds(20)).withCheck(SourceClients::gdeltNotice).cachedFor(Duration.ofHours(6));
    }

    /**
     * MediaWiki reports errors as {@code {"error": {"code": …, "info": …}}}, with status 200:
     * {@code ratelimited} and {@code maxlag} ask us to slow down (Retry-After says how long), others refuse.
     */
    static SourceClient.Problem mediaWikiError(int status, String contentType, String body) {
        if (!body.contains("\"error\"")) return null;
        JsonNode error;
        try {
            error = JSON.readTree(body).path("error");
        } catch (IOException e) {
            return null;
        }
        if (!error.isObject()) return null;
        String code = error.path("code").asText("");
        return switch (code) {
            case "ratelimited" -> SourceClient.Problem.throttled("wikipedia is rate limiting us");
            case "maxlag" -> SourceClient.Problem.throttled("wikipedia is overloaded (database lag)");
            case "readonly" -> SourceClient.Problem.throttled("wikipedia is in read-only maintenance");
            default -> SourceClient.Problem.refused("wikipedia refused the request (" + (code.isBlank() ? "error" : code) + ")");
        };
    }

    /**
     * GDELT answers throttling with the text "Please limit requests to one every 5 seconds…", with
     * status 429 or 200 (text/html), and a query it cannot run with a plain-text explanation and 200.
     */
    static SourceClient.Problem gdeltNotice(int status, String contentType, String body) {
        String text = body.strip();
        if (text.startsWith("{") || text.startsWith("[")) return null;
        if (text.regionMatches(true, 0, "Please limit requests", 0, 21)) return SourceClient.Problem.throttled("gdelt is rate limiting us");
        if (status >= 200 && status < 300) return SourceClient.Problem.refused("gdelt could not run the query");
        return null;
    }
}
