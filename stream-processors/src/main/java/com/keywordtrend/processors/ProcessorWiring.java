package com.keywordtrend.processors;

import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.model.JobLimits;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobRepository;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.model.SourceCache;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import com.keywordtrend.store.DynamoDbSourceCache;
import com.keywordtrend.store.S3ResultObjects;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The real dependencies of the processor functions, built once per execution environment from settings. */
public final class ProcessorWiring {
    static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** A result object of a few MB written at completion: a frozen bucket fails the completion (the job is retried), not the invocation. */
    static final Duration S3_CALL_TIMEOUT = Duration.ofSeconds(10);

    private static DynamoDbClient dynamoDb;
    private static JobRepository repository;

    private ProcessorWiring() {
    }

    /** One DynamoDB client per execution environment, for the jobs table and the source cache. */
    private static synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) dynamoDb = AwsClients.dynamoDb(Settings.SYSTEM, DYNAMODB_CALL_TIMEOUT);
        return dynamoDb;
    }

    /** The jobs table, and the results bucket when RESULTS_BUCKET is set (public for handlers that wrap the engines in tests). */
    public static synchronized JobRepository repository() {
        if (repository == null) {
            String table = Settings.required(Settings.SYSTEM, "JOBS_TABLE_NAME");
            String bucket = Settings.orDefault(Settings.SYSTEM, "RESULTS_BUCKET", "");
            // RESULTS_BUCKET: results larger than RESULTS_INLINE_MAX_BYTES (stored) go to it; without it every result stays in the item
            repository = bucket.isBlank() ? new DynamoDbJobRepository(dynamoDb(), table)
                    : new DynamoDbJobRepository(dynamoDb(), table,
                            new S3ResultObjects(AwsClients.s3(Settings.SYSTEM, S3_CALL_TIMEOUT), null, bucket),
                            Settings.intOrDefault(Settings.SYSTEM, "RESULTS_INLINE_MAX_BYTES", JobLimits.DEFAULT_INLINE_MAX_BYTES));
        }
        return repository;
    }

    /** The shared cache of source answers, in SOURCE_CACHE_TABLE_NAME; none when it is not set (public for handlers that wrap the engines in tests). */
    public static SourceCache sourceCache() {
        String table = Settings.orDefault(Settings.SYSTEM, "SOURCE_CACHE_TABLE_NAME", "");
        return table.isBlank() ? SourceCache.NONE : new DynamoDbSourceCache(dynamoDb(), table, Clock.systemUTC());
    }

    static DynamoDbStreamsClient streams() {
        return AwsClients.dynamoDbStreams(Settings.SYSTEM, DYNAMODB_CALL_TIMEOUT);
    }

    static JobStreamProcessor processor(JobType type, JobEngine engine) {
        return new JobStreamProcessor(type, engine, repository(), JobPolicy.fromSettings(Settings.SYSTEM), Clock.systemUTC());
    }
}
