package com.keywordtrend.systemtests.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.keywordtrend.keywords.KeywordDiscovery;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.processors.OrchestrateProcessor;

/** The orchestrate processor with the real keyword engine behind {@link FaultInjectingEngine}. */
public final class OrchestrateWithFaults implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final OrchestrateProcessor processor = new OrchestrateProcessor(
            ProcessorsWithFaults.processor(JobType.ORCHESTRATE, KeywordDiscovery.fromSettings(Settings.SYSTEM, com.keywordtrend.processors.ProcessorWiring.sourceCache())));

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return processor.handleRequest(event, context);
    }
}
