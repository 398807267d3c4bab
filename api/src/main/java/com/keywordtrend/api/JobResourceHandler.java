package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * /jobs/{job_id}, a job of either type as a resource. GET: the same body as a POST poll, with
 * Retry-After while it runs (one consistent GetItem). DELETE: cancels a PENDING or PROCESSING job,
 * which becomes FAILED with the message "Cancelled" and "cancelled": true (one conditional
 * UpdateItem and one GetItem); a finished job answers 409.
 */
public class JobResourceHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final JobService service;
    private final Replies replies;

    /** Used by Lambda: real clients, configured from the environment. */
    public JobResourceHandler() {
        this(ApiWiring.service(), ApiWiring.cors());
    }

    public JobResourceHandler(JobService service, Cors cors) {
        this.service = service;
        this.replies = new Replies(cors);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(request));
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        return replies.handle(request, List.of("GET", "DELETE"), method -> {
            Map<String, String> path = request.getPathParameters();
            UUID jobId = JobApiHandler.parseJobId(path == null ? null : TextNode.valueOf(path.get("job_id")));
            MDC.put("job_id", jobId.toString());
            if (method.equals("DELETE")) return cancel(jobId);
            return service.find(jobId).map(job -> {
                APIGatewayProxyResponseEvent reply = replies.reply(200, JobReplies.polled(job));
                if (!job.status().isFinal()) reply.getHeaders().put("Retry-After", JobReplies.RETRY_AFTER_WHILE_RUNNING);
                return reply;
            }).orElseGet(() -> replies.reply(404, JobReplies.notFound(jobId.toString())));
        });
    }

    private APIGatewayProxyResponseEvent cancel(UUID jobId) {
        return service.cancel(jobId).map(job -> {
            boolean cancelled = job.data().path(com.keywordtrend.model.JobRepository.CANCELLED).asBoolean(false);
            if (cancelled) org.slf4j.LoggerFactory.getLogger(JobResourceHandler.class).info("job cancelled");
            if (cancelled) return replies.reply(200, JobReplies.polled(job));
            var body = JobReplies.polled(job);
            body.put("message", "The job has already finished; there is nothing to cancel.");
            return replies.reply(409, body);
        }).orElseGet(() -> replies.reply(404, JobReplies.notFound(jobId.toString())));
    }

    /**
     * /jobs/{id} under the API's base path: behind a stage, API Gateway's requestContext.path carries
     * the stage prefix (/dev/orchestrate) that the event's path (/orchestrate) lacks.
     */
    static String location(APIGatewayProxyRequestEvent request, String jobId) {
        String path = request.getPath() == null ? "" : request.getPath();
        String full = request.getRequestContext() == null || request.getRequestContext().getPath() == null
                ? path : request.getRequestContext().getPath();
        String prefix = !path.isEmpty() && full.endsWith(path) ? full.substring(0, full.length() - path.length()) : "";
        return prefix + "/jobs/" + jobId;
    }
}
