package com.keywordtrend.api;

import com.keywordtrend.model.JobType;

/** POST /trends: start a trend analysis job, or poll one. */
public class TrendsHandler extends JobApiHandler {

    /** Used by Lambda: real clients, configured from the environment. */
    public TrendsHandler() {
        this(ApiWiring.service(), ApiWiring.cors(), ApiWiring.caller(), ApiWiring.liveTrendSources());
        SnapStartPriming.register(this);
    }

    public TrendsHandler(JobService service, Cors cors, Caller caller) {
        this(service, cors, caller, true);
    }

    /** @param liveSources false where the processors have no live source (SourcesOffline): a start must bring its series_csv */
    public TrendsHandler(JobService service, Cors cors, Caller caller, boolean liveSources) {
        super(JobType.TRENDS, body -> StartRequest.trends(body, liveSources), service, cors, caller);
    }
}
