package com.keywordtrend.local;

import com.keywordtrend.model.InMemoryJobRepository;
import com.keywordtrend.model.JobRepository;

/** The in-memory fake the unit tests use, held to the same contract as DynamoDB. */
class InMemoryJobRepositoryTest extends JobRepositoryContract {
    @Override
    JobRepository newRepository() {
        return new InMemoryJobRepository();
    }
}
