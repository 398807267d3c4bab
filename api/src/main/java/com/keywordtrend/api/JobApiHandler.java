package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobStoreUnavailableException;
import com.keywordtrend.model.JobType;
import java.util.HashMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * POST /orchestrate and POST /trends: a body whose only key is {@code job_id} is a poll, any other
 * body a start (the contract: README, api/openapi.yaml). Parses, calls {@link JobService}, maps the outcome to a reply;
 * no reply carries exception text.
 */
public abstract class JobApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JobApiHandler.class);
    static final String RETRY_AFTER_SECONDS = "2";

    private final JobType type;
    private final UnaryOperator<ObjectNode> startInputs;
    private final JobService service;
    private final Cors cors;

    protected JobApiHandler(JobType type, UnaryOperator<ObjectNode> startInputs, JobService service, Cors cors) {
        this.type = type;
        this.startInputs = startInputs;
        this.service = service;
        this.cors = cors;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(request));
    }

    /** The reply to one request, without the logging context (tests call it directly). */
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        String method = request.getHttpMethod() == null ? "" : request.getHttpMethod();
        if (method.equalsIgnoreCase("OPTIONS")) return reply(200, JsonNodeFactory.instance.objectNode());
        if (!method.equalsIgnoreCase("POST")) return reply(405, JobReplies.failure("Use POST"));
        try {
            ObjectNode body = JsonBody.parseObject(request.getBody(), Boolean.TRUE.equals(request.getIsBase64Encoded()));
            return isPoll(body) ? poll(body.get("job_id")) : start(body);
        } catch (BadRequestException e) {
            return reply(e.statusCode(), JobReplies.failure(e.getMessage()));
        } catch (JobStoreUnavailableException e) {
            LOG.warn("job store unavailable, asking the client to retry", e);
            APIGatewayProxyResponseEvent reply = reply(503, JobReplies.busy());
            reply.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
            return reply;
        } catch (RuntimeException e) {
            LOG.error("unexpected error", e);
            return reply(500, JobReplies.failure("Internal error. Please retry later."));
        } finally {
            MDC.remove("job_id");
        }
    }

    /** The contract: a body whose only key is job_id is a poll. */
    static boolean isPoll(ObjectNode body) {
        return body.size() == 1 && body.has("job_id");
    }

    private APIGatewayProxyResponseEvent start(ObjectNode body) {
        ObjectNode inputs = startInputs.apply(body);
        Job job = service.start(type, inputs);
        MDC.put("job_id", job.jobId());
        LOG.info("{} job started", type.wireName());
        return reply(200, JobReplies.started(job));
    }

    private APIGatewayProxyResponseEvent poll(JsonNode jobIdNode) {
        UUID jobId = parseJobId(jobIdNode);
        MDC.put("job_id", jobId.toString());
        return service.poll(type, jobId)
                .map(job -> reply(200, JobReplies.polled(job)))
                .orElseGet(() -> reply(404, JobReplies.notFound(jobId.toString())));
    }

    private static UUID parseJobId(JsonNode node) {
        if (node != null && node.isTextual() && node.textValue().length() == 36) {
            try {
                return UUID.fromString(node.textValue());
            } catch (IllegalArgumentException e) {
                // falls through to the 400 below
            }
        }
        throw new BadRequestException("job_id must be the id a start returned (a UUID)");
    }

    private APIGatewayProxyResponseEvent reply(int status, JsonNode body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(new HashMap<>(cors.headers()))
                .withBody(JsonBody.write(body));
    }
}
