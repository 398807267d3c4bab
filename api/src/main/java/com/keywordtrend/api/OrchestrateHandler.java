package com.keywordtrend.api;

import com.keywordtrend.model.JobType;

/** POST /orchestrate: start a keyword discovery job, or poll one. */
public class OrchestrateHandler extends JobApiHandler {

    /** Used by Lambda: real clients, configured from the environment. */
    public OrchestrateHandler() {
        this(ApiWiring.service(), ApiWiring.cors(), ApiWiring.caller());
        SnapStartPriming.register(this);
    }

    public OrchestrateHandler(JobService service, Cors cors, Caller caller) {
        super(JobType.ORCHESTRATE, StartRequest::orchestrate, service, cors, caller);
    }
}
