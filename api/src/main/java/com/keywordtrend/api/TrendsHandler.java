package com.keywordtrend.api;

import com.keywordtrend.model.JobType;

/** POST /trends: start a trend analysis job, or poll one. */
public class TrendsHandler extends JobApiHandler {

    /** Used by Lambda: real clients, configured from the environment. */
    public TrendsHandler() {
        this(ApiWiring.service(), ApiWiring.cors(), ApiWiring.caller());
        SnapStartPriming.register(this);
    }

    public TrendsHandler(JobService service, Cors cors, Caller caller) {
        super(JobType.TRENDS, StartRequest::trends, service, cors, caller);
    }
}
