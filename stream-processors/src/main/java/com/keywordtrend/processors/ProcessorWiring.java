package com.keywordtrend.processors;

import com.keywordtrend.engines.JobEngine;

import com.keywordtrend.model.AwsClients;
import com.keywordtrend.model.DynamoDbJobRepository;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The real dependencies of the processor functions, built once per execution environment from settings. */
final class ProcessorWiring {
    static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(10);

    private static volatile JobRepository repository;

    private ProcessorWiring() {
    }

    static synchronized JobRepository repository() {
        if (repository == null) {
            repository = new DynamoDbJobRepository(AwsClients.dynamoDb(Settings.SYSTEM, DYNAMODB_CALL_TIMEOUT),
                    Settings.required(Settings.SYSTEM, "JOBS_TABLE_NAME"));
        }
        return repository;
    }

    static DynamoDbStreamsClient streams() {
        return AwsClients.dynamoDbStreams(Settings.SYSTEM, DYNAMODB_CALL_TIMEOUT);
    }

    static JobStreamProcessor processor(JobType type, JobEngine engine) {
        return new JobStreamProcessor(type, engine, repository(), JobPolicy.fromSettings(Settings.SYSTEM), Clock.systemUTC());
    }
}
