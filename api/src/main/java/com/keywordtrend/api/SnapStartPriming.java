package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before SnapStart takes its snapshot, runs the hot path once (JSON parsing, validation, the reply,
 * and a GetItem through the SDK client and its connection) so that restored environments start warm.
 * It writes nothing and makes nothing unique: the ids of real jobs are made per request.
 */
final class SnapStartPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    /** A poll of a job that cannot exist: one GetItem, a 404. */
    static final String PRIMING_POLL = "{\"job_id\":\"00000000-0000-0000-0000-000000000000\"}";
    /** A start that fails validation: parses and checks a full body without writing. */
    static final String PRIMING_START = "{\"industry\":\"healthcare\",\"usp\":\"\",\"key_services\":[\"imaging\"]}";

    private final JobApiHandler handler;

    SnapStartPriming(JobApiHandler handler) {
        this.handler = handler;
    }

    /** Registers the priming of {@code handler}; the registry holds it strongly until the checkpoint. */
    static void register(JobApiHandler handler) {
        Core.getGlobalContext().register(new SnapStartPriming(handler));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            handler.handle(new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(PRIMING_POLL));
            handler.handle(new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(PRIMING_START));
        } catch (RuntimeException e) {
            LOG.warn("priming before the snapshot failed; the first requests will be slower", e);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: credentials come from the environment Lambda restores
    }
}
