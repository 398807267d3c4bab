package com.keywordtrend.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.Settings;
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

    /** Datamuse: up to 100,000 requests a day without a key; they ask for no burst beyond that. */
    public static SourceClient.Config datamuse(String userAgent) {
        return SourceClient.Config.defaults("datamuse", userAgent).withMinInterval(Duration.ofMillis(50));
    }

    /** Wikipedia's Action API: serial requests (one in flight with the REST API's), errors sent with status 200. */
    public static SourceClient.Config wikipedia(String userAgent) {
        return SourceClient.Config.defaults("wikipedia", userAgent).sharedWith(WIKIMEDIA, 1).withCheck(SourceClients::mediaWikiError);
    }

    /** Wikimedia's REST API (pageviews): at most 100 requests/s per client, serial with the Action API's. */
    public static SourceClient.Config pageviews(String userAgent) {
        return SourceClient.Config.defaults("pageviews", userAgent).withMinInterval(Duration.ofMillis(20)).sharedWith(WIKIMEDIA, 1);
    }

    /** DuckDuckGo's suggestions: unofficial, so gently. */
    public static SourceClient.Config autocomplete(String userAgent) {
        return SourceClient.Config.defaults("autocomplete", userAgent).withMinInterval(Duration.ofMillis(250));
    }

    /** GDELT DOC 2.0: one request every 5 seconds, slow answers, throttling sent as plain text. */
    public static SourceClient.Config gdelt(String userAgent) {
        return SourceClient.Config.defaults("gdelt", userAgent).withMinInterval(Duration.ofSeconds(5))
                .withRequestTimeout(Duration.ofSeconds(20)).withCheck(SourceClients::gdeltNotice);
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
