package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.keywordtrend.keywords.KeywordDiscovery;
import com.keywordtrend.keywords.SemanticRelevance;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Runs orchestrate jobs (keyword discovery) from the jobs table's INSERT records. */
public class OrchestrateProcessor implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final JobStreamProcessor processor;

    /** Used by Lambda: real clients and sources, configured from the environment. */
    public OrchestrateProcessor() {
        this(ProcessorWiring.processor(JobType.ORCHESTRATE, KeywordDiscovery.fromSettings(Settings.SYSTEM, ProcessorWiring.sourceCache())));
        if (Settings.flag(Settings.SYSTEM, "KEYWORDS_SEMANTIC", true)) Core.getGlobalContext().register(EMBEDDING_PRIMING);
    }

    /**
     * Before SnapStart's snapshot, runs the embedding model once (its first run builds ONNX Runtime's
     * execution plan), so that restored environments embed at full speed. Held here: a CRaC
     * context may keep its resources only weakly.
     */
    private static final Resource EMBEDDING_PRIMING = new Resource() {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            SemanticRelevance.prime();
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            // nothing to refresh: the model is read-only
        }
    };

    public OrchestrateProcessor(JobStreamProcessor processor) {
        this.processor = processor;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> processor.process(event, context));
    }
}
