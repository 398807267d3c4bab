package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.keywordtrend.keywords.KeywordDiscovery;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Runs orchestrate jobs (keyword discovery) from the jobs table's INSERT records. */
public class OrchestrateProcessor implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final JobStreamProcessor processor;

    /** Used by Lambda: real clients and sources, configured from the environment. */
    public OrchestrateProcessor() {
        this(ProcessorWiring.processor(JobType.ORCHESTRATE, KeywordDiscovery.fromSettings(Settings.SYSTEM)));
    }

    public OrchestrateProcessor(JobStreamProcessor processor) {
        this.processor = processor;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> processor.process(event, context));
    }
}
