package com.keywordtrend.systemtests.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.processors.TrendsProcessor;
import com.keywordtrend.trends.TrendAnalysis;

/** The trends processor with the real analysis engine behind {@link FaultInjectingEngine}. */
public final class TrendsWithFaults implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final TrendsProcessor processor = new TrendsProcessor(
            ProcessorsWithFaults.processor(JobType.TRENDS, TrendAnalysis.fromSettings(Settings.SYSTEM, com.keywordtrend.processors.ProcessorWiring.sourceCache())));

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return processor.handleRequest(event, context);
    }
}
