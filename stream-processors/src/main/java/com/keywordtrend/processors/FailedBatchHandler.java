package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobRepository.AbandonOutcome;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The stream mappings' on-failure destination (SQS): each message names a batch whose retries ran
 * out. The jobs that batch held are marked FAILED, so that none is left hanging. A batch is a range
 * of the stream that other mappings read too: only the INSERTs of the failed mapping's job type are
 * its jobs. A finished job is untouched, and so is a job under a live lease (an invocation is
 * working on it): the message is then delivered again after the queue's visibility timeout.
 */
public class FailedBatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(FailedBatchHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MESSAGE = "The job could not be completed after several attempts. Please start it again.";
    /** Environment variables naming each processor function (template.yaml), by the job type it runs. */
    static final Map<JobType, String> PROCESSOR_SETTINGS =
            Map.of(JobType.ORCHESTRATE, "ORCHESTRATE_PROCESSOR_NAME", JobType.TRENDS, "TRENDS_PROCESSOR_NAME");

    private final JobRepository repository;
    private final StreamBatchReader reader;
    private final Clock clock;
    private final Map<String, JobType> jobTypeByFunction;

    public FailedBatchHandler() {
        this(ProcessorWiring.repository(), new StreamBatchReader(ProcessorWiring.streams()), Clock.systemUTC(),
                jobTypesByFunction(Settings.SYSTEM));
    }

    /** @param jobTypeByFunction the function name of each processor → the job type it runs */
    public FailedBatchHandler(JobRepository repository, StreamBatchReader reader, Clock clock,
                              Map<String, JobType> jobTypeByFunction) {
        this.repository = repository;
        this.reader = reader;
        this.clock = clock;
        this.jobTypeByFunction = Map.copyOf(jobTypeByFunction);
    }

    static Map<String, JobType> jobTypesByFunction(UnaryOperator<String> settings) {
        Map<String, JobType> byFunction = new LinkedHashMap<>();
        PROCESSOR_SETTINGS.forEach((type, name) -> byFunction.put(Settings.required(settings, name), type));
        return byFunction;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            try {
                if (!failJobsOf(message.getBody())) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (RuntimeException e) {
                LOG.error("could not settle failed batch {}; SQS will deliver it again", message.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Fails the batch's jobs; false when some must wait for a live lease (deliver the message again). */
    private boolean failJobsOf(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            LOG.error("on-failure message is not JSON; dropping it");
            return true;
        }
        JsonNode info = root.path("DDBStreamBatchInfo");
        if (info.isMissingNode()) {
            LOG.error("on-failure message has no DDBStreamBatchInfo; dropping it");
            return true;
        }
        String functionArn = root.path("requestContext").path("functionArn").asText("");
        JobType type = jobTypeByFunction.get(functionName(functionArn));
        if (type == null) {
            // failing every job of the range would fail other mappings' healthy jobs; the read-time rule is the backstop
            throw new IllegalStateException("on-failure message from unknown function '" + functionArn
                    + "'; set " + PROCESSOR_SETTINGS.values() + " to the processors' names");
        }
        boolean settled = true;
        for (StreamBatchReader.InsertedJob job : reader.inserts(info.path("streamArn").asText(),
                info.path("shardId").asText(), info.path("startSequenceNumber").asText(),
                info.path("endSequenceNumber").asText())) {
            if (!type.wireName().equals(job.jobType())) continue;
            try (var ignored = MDC.putCloseable("job_id", job.jobId())) {
                AbandonOutcome outcome = repository.failAbandoned(job.jobId(), MESSAGE, clock.instant());
                switch (outcome) {
                    case FAILED -> LOG.info("job marked FAILED after its retries ran out");
                    case ALREADY_FINAL -> LOG.info("job had already finished");
                    case MISSING -> LOG.info("job item no longer exists");
                    case LEASED -> {
                        LOG.info("job is held by a live invocation; will look again when the message returns");
                        settled = false;
                    }
                }
            }
        }
        return settled;
    }

    /** arn:aws:lambda:region:account:function:name[:qualifier] → name. */
    static String functionName(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length >= 7 ? parts[6] : functionArn;
    }
}
