package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.keywordtrend.model.JobRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The stream mappings' on-failure destination (SQS): each message names a batch whose retries ran
 * out. The jobs in it are marked FAILED, so that none is left hanging; a job that did finish is
 * untouched (the write is conditional on a non-final status).
 */
public class FailedBatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(FailedBatchHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MESSAGE = "The job could not be completed after several attempts. Please start it again.";

    private final JobRepository repository;
    private final StreamBatchReader reader;
    private final Clock clock;

    public FailedBatchHandler() {
        this(ProcessorWiring.repository(), new StreamBatchReader(ProcessorWiring.streams()), Clock.systemUTC());
    }

    public FailedBatchHandler(JobRepository repository, StreamBatchReader reader, Clock clock) {
        this.repository = repository;
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            try {
                failJobsOf(message.getBody());
            } catch (RuntimeException e) {
                LOG.error("could not settle failed batch {}; SQS will deliver it again", message.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void failJobsOf(String body) {
        JsonNode info;
        try {
            info = JSON.readTree(body).path("DDBStreamBatchInfo");
        } catch (Exception e) {
            LOG.error("on-failure message is not JSON; dropping it");
            return;
        }
        if (info.isMissingNode()) {
            LOG.error("on-failure message has no DDBStreamBatchInfo; dropping it");
            return;
        }
        Set<String> jobIds = reader.insertedJobIds(info.path("streamArn").asText(), info.path("shardId").asText(),
                info.path("startSequenceNumber").asText(), info.path("endSequenceNumber").asText());
        for (String jobId : jobIds) {
            try (var ignored = MDC.putCloseable("job_id", jobId)) {
                boolean failed = repository.fail(jobId, null, MESSAGE, clock.instant());
                LOG.info(failed ? "job marked FAILED after its retries ran out" : "job had already finished");
            }
        }
    }
}
