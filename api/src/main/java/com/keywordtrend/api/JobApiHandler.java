package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobInputs;
import com.keywordtrend.model.JobType;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * POST /orchestrate and POST /trends: a body whose only key is {@code job_id} is a poll, any other
 * body a start (the contract: docs/contract.md, api/openapi.yaml). Parses, calls {@link JobService}, maps the outcome to a reply;
 * no reply carries exception text.
 */
public abstract class JobApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JobApiHandler.class);

    private final JobType type;
    private final Function<ObjectNode, JobInputs> startInputs;
    private final JobService service;
    private final Caller caller;
    private final Replies replies;

    protected JobApiHandler(JobType type, Function<ObjectNode, JobInputs> startInputs, JobService service, Cors cors, Caller caller) {
        this.type = type;
        this.startInputs = startInputs;
        this.service = service;
        this.caller = caller;
        this.replies = new Replies(cors);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(request));
    }

    /** The reply to one request, without the logging context (tests call it directly). */
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        return replies.handle(request, List.of("POST"), method -> {
            String owner = caller.owner(request);
            ObjectNode body = JsonBody.parseObject(request.getBody(), Boolean.TRUE.equals(request.getIsBase64Encoded()));
            return isPoll(body) ? poll(owner, body.get("job_id")) : start(owner, body, request);
        });
    }

    /** The contract: a body whose only key is job_id is a poll. */
    static boolean isPoll(ObjectNode body) {
        return body.size() == 1 && body.has("job_id");
    }

    private APIGatewayProxyResponseEvent start(String owner, ObjectNode body, APIGatewayProxyRequestEvent request) {
        JobInputs inputs = startInputs.apply(body);
        JobService.Started started = service.start(owner, inputs, idempotencyKey(request));
        Job job = started.job();
        MDC.put("job_id", job.jobId());
        LOG.info(started.replayed() ? "{} start repeated under its Idempotency-Key" : "{} job started", type.wireName());
        APIGatewayProxyResponseEvent reply = replies.reply(200, JobReplies.started(job));
        if (started.replayed()) reply.getHeaders().put("Idempotent-Replayed", "true");
        // where the job can be read (GET), and when it is worth asking
        reply.getHeaders().put("Location", JobResourceHandler.location(request, job.jobId()));
        reply.getHeaders().put("Retry-After", JobReplies.RETRY_AFTER_WHILE_RUNNING);
        return reply;
    }

    private APIGatewayProxyResponseEvent poll(String owner, JsonNode jobIdNode) {
        UUID jobId = parseJobId(jobIdNode);
        MDC.put("job_id", jobId.toString());
        return service.poll(type, owner, jobId)
                .map(job -> replies.reply(200, JobReplies.polled(job)))
                .orElseGet(() -> replies.reply(404, JobReplies.notFound(jobId.toString())));
    }

    /** The Idempotency-Key header (any case), validated; null when absent. */
    static String idempotencyKey(APIGatewayProxyRequestEvent request) {
        if (request.getHeaders() == null) return null;
        for (var header : request.getHeaders().entrySet()) {
            if (!"Idempotency-Key".equalsIgnoreCase(header.getKey())) continue;
            String key = header.getValue() == null ? "" : header.getValue().strip();
            if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new BadRequestException("Idempotency-Key must be 1 to 200 visible ASCII characters");
            }
            return key;
        }
        return null;
    }

    static UUID parseJobId(JsonNode node) {
        if (node != null && node.isTextual() && node.textValue().length() == 36) {
            try {
                return UUID.fromString(node.textValue());
            } catch (IllegalArgumentException e) {
                // falls through to the 400 below
            }
        }
        throw new BadRequestException("job_id must be the id a start returned (a UUID)");
    }
}
