package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.trends.TrendAnalysis;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Runs trends jobs (trend analysis) from the jobs table's INSERT records. */
public class TrendsProcessor implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final JobStreamProcessor processor;

    /** Used by Lambda: real clients and sources, configured from the environment. */
    public TrendsProcessor() {
        this(ProcessorWiring.processor(JobType.TRENDS, TrendAnalysis.fromSettings(Settings.SYSTEM, ProcessorWiring.sourceCache())));
    }

    public TrendsProcessor(JobStreamProcessor processor) {
        this.processor = processor;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> processor.process(event, context));
    }
}
