package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.keywordtrend.model.JobPage;
import com.keywordtrend.model.JobQuery;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobStatus;
import com.keywordtrend.model.JobType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The caller's jobs, of either type, as resources.
 * <ul>
 * <li>GET /jobs/{job_id}: the same body as a POST poll, with Retry-After while it runs (one consistent GetItem).</li>
 * <li>DELETE /jobs/{job_id}: cancels a PENDING or PROCESSING job, which becomes FAILED with the message
 * "Cancelled" and "cancelled": true (one conditional UpdateItem, one GetItem); a finished job answers 409.</li>
 * <li>GET /jobs?type=&amp;status=&amp;limit=&amp;cursor=: the caller's jobs, newest first, a page at a time
 * (one Query of the owner index, a few when a filter skips many jobs).</li>
 * </ul>
 * Another owner's job answers exactly as an unknown one.
 */
public class JobResourceHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JobResourceHandler.class);
    static final int DEFAULT_LIMIT = 20;
    private static final Set<String> LIST_PARAMETERS = Set.of("type", "status", "limit", "cursor");

    private final JobService service;
    private final Caller caller;
    private final ListCursor cursors;
    private final Replies replies;

    /** Used by Lambda: real clients, configured from the environment. */
    public JobResourceHandler() {
        this(ApiWiring.service(), ApiWiring.cors(), ApiWiring.caller(), ApiWiring.listCursor());
    }

    JobResourceHandler(JobService service, Cors cors, Caller caller, ListCursor cursors) {
        this.service = service;
        this.caller = caller;
        this.cursors = cursors;
        this.replies = new Replies(cors);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(request));
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        Map<String, String> path = request.getPathParameters();
        String jobIdParameter = path == null ? null : path.get("job_id");
        if (jobIdParameter == null) {
            return replies.handle(request, List.of("GET"), method -> list(caller.owner(request), request));
        }
        return replies.handle(request, List.of("GET", "DELETE"), method -> {
            String owner = caller.owner(request);
            UUID jobId = JobApiHandler.parseJobId(TextNode.valueOf(jobIdParameter));
            MDC.put("job_id", jobId.toString());
            if (method.equals("DELETE")) return cancel(owner, jobId);
            return service.find(owner, jobId).map(job -> {
                APIGatewayProxyResponseEvent reply = replies.reply(200, JobReplies.polled(job));
                if (!job.status().isFinal()) reply.getHeaders().put("Retry-After", JobReplies.RETRY_AFTER_WHILE_RUNNING);
                return reply;
            }).orElseGet(() -> replies.reply(404, JobReplies.notFound(jobId.toString())));
        });
    }

    private APIGatewayProxyResponseEvent cancel(String owner, UUID jobId) {
        return service.cancel(owner, jobId).map(job -> {
            if (job.data().path(JobRepository.CANCELLED).asBoolean(false)) {
                LOG.info("job cancelled");
                return replies.reply(200, JobReplies.polled(job));
            }
            ObjectNode body = JobReplies.polled(job);
            body.put("message", "The job has already finished; there is nothing to cancel.");
            return replies.reply(409, body);
        }).orElseGet(() -> replies.reply(404, JobReplies.notFound(jobId.toString())));
    }

    private APIGatewayProxyResponseEvent list(String owner, APIGatewayProxyRequestEvent request) {
        Map<String, String> parameters = request.getQueryStringParameters() == null ? Map.of() : request.getQueryStringParameters();
        for (String name : parameters.keySet()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw new BadRequestException("Unknown query parameter " + name + ": use type, status, limit and cursor");
            }
        }
        JobType type = parameters.get("type") == null ? null : JobType.fromWireName(parameters.get("type")).orElseThrow(
                () -> new BadRequestException("type must be orchestrate or trends"));
        JobStatus status = parameters.get("status") == null ? null : Arrays.stream(JobStatus.values())
                .filter(s -> s.name().equals(parameters.get("status"))).findFirst().orElseThrow(
                        () -> new BadRequestException("status must be PENDING, PROCESSING, COMPLETED or FAILED"));
        int limit = limit(parameters.get("limit"));
        JobQuery first = new JobQuery(owner, type, status, limit, null);
        String cursor = parameters.get("cursor");
        JobQuery query = cursor == null ? first : new JobQuery(owner, type, status, limit, cursors.decode(cursor, first));
        JobPage page = service.list(query);
        String next = page.next() == null ? null : cursors.encode(page.next(), first);
        return replies.reply(200, JobReplies.listed(page.jobs(), next));
    }

    private static int limit(String text) {
        if (text == null) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= JobQuery.MAX_LIMIT) return limit;
        } catch (NumberFormatException e) {
            // the 400 below
        }
        throw new BadRequestException("limit must be a whole number from 1 to " + JobQuery.MAX_LIMIT);
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
