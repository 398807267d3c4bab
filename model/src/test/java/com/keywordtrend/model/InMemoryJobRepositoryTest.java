package com.keywordtrend.model;

/** The in-memory fake the unit tests use, held to the same contract as DynamoDB. */
class InMemoryJobRepositoryTest extends JobRepositoryContract {
    @Override
    protected JobRepository newRepository() {
        return new InMemoryJobRepository();
    }
}
