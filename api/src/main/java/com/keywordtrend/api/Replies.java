package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.ResultObjectMissingException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Turns an outcome into a reply with the CORS headers, and every failure into the right 4xx or 5xx without its text. */
final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
    static final String RETRY_AFTER_SECONDS = "2";

    private final Cors cors;

    Replies(Cors cors) {
        this.cors = cors;
    }

    APIGatewayProxyResponseEvent reply(int status, JsonNode body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(new HashMap<>(cors.headers()))
                .withBody(JsonBody.write(body));
    }

    /**
     * The shape every handler shares: a preflight answers 200, a method not in {@code methods} 405,
     * and the reply {@code handling} builds for the method is {@link #guarded}; the log's job_id
     * never outlives the request.
     */
    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request, List<String> methods,
                                        Function<String, APIGatewayProxyResponseEvent> handling) {
        String method = request.getHttpMethod() == null ? "" : request.getHttpMethod().toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) return reply(200, JsonNodeFactory.instance.objectNode());
        if (!methods.contains(method)) return reply(405, JobReplies.failure("Use " + String.join(" or ", methods)));
        try {
            return guarded(() -> handling.apply(method));
        } finally {
            MDC.remove("job_id");
        }
    }

    /** The reply {@code handling} builds; a bad request is its 400, a busy store a 503, a result gone 410, anything else a 500. */
    APIGatewayProxyResponseEvent guarded(Supplier<APIGatewayProxyResponseEvent> handling) {
        try {
            return handling.get();
        } catch (BadRequestException e) {
            return reply(e.statusCode(), JobReplies.failure(e.getMessage()));
        } catch (JobStoreUnavailableException e) {
            LOG.warn("job store unavailable, asking the client to retry", e);
            APIGatewayProxyResponseEvent reply = reply(503, JobReplies.busy());
            reply.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
            return reply;
        } catch (ResultObjectMissingException e) {
            // a COMPLETED job whose result object is gone (deleted, or expired before its item): it will not come back
            LOG.error("result object missing", e);
            return reply(410, JobReplies.failure("This job's result is no longer stored. Please start the job again."));
        } catch (RuntimeException e) {
            LOG.error("unexpected error", e);
            return reply(500, JobReplies.failure("Internal error. Please retry later."));
        }
    }
}
