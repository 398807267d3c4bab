package com.keywordtrend.api;

import com.keywordtrend.model.JobLimits;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.Settings;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import com.keywordtrend.store.SignedResultReader;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real dependencies of the API functions, built once per execution environment from settings.
 * Both handlers share one client: the two routes are separate functions in AWS, but one JVM locally.
 */
final class ApiWiring {
    /** API Gateway gives up at 29 s; a start or poll that cannot reach DynamoDB in 5 s answers 503 instead. */
    static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** A result of up to RESULTS_REPLY_MAX_BYTES read from the bucket within the API's 29 s: a few MB at S3's speed. */
    static final Duration RESULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private static volatile JobService service;

    private ApiWiring() {
    }

    static JobService service() {
        JobService current = service;
        if (current == null) {
            synchronized (ApiWiring.class) {
                if (service == null) service = build(Settings.SYSTEM);
                current = service;
            }
        }
        return current;
    }

    /** Anonymous use is on unless the deployment turns it off (AllowAnonymous=false in the template). */
    static Caller caller() {
        return new Caller(Settings.flag(Settings.SYSTEM, "ALLOW_ANONYMOUS", true));
    }

    /** Cursors are signed with the deployment's secret (CURSOR_SIGNING_KEY, from Secrets Manager at deploy time). */
    static ListCursor listCursor() {
        return new ListCursor(Settings.required(Settings.SYSTEM, "CURSOR_SIGNING_KEY"));
    }

    /** Whether the trends processor fetches interest itself (TRENDS_OFFLINE, the template's SourcesOffline). */
    static boolean liveTrendSources() {
        return !Settings.flag(Settings.SYSTEM, "TRENDS_OFFLINE", false);
    }

    static Cors cors() {
        return new Cors(Settings.orDefault(Settings.SYSTEM, "ALLOWED_ORIGIN", "*"));
    }

    private static JobService build(UnaryOperator<String> settings) {
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings, DYNAMODB_CALL_TIMEOUT);
        String table = Settings.required(settings, "JOBS_TABLE_NAME");
        String bucket = Settings.orDefault(settings, "RESULTS_BUCKET", "");
        // results the processors wrote to the bucket are read with a signed GET, or handed out as one (result_url)
        DynamoDbJobRepository repository = bucket.isBlank() ? new DynamoDbJobRepository(dynamoDb, table)
                : new DynamoDbJobRepository(dynamoDb, table, new SignedResultReader(
                        SignedResultReader.endpointOf(bucket, Settings.orDefault(settings, "AWS_REGION", "us-east-1"), settings.apply(AwsClients.S3_ENDPOINT)),
                        Settings.orDefault(settings, "AWS_REGION", "us-east-1"), AwsClients.lambdaCredentials(), RESULT_READ_TIMEOUT),
                        Settings.intOrDefault(settings, "RESULTS_INLINE_MAX_BYTES", JobLimits.DEFAULT_INLINE_MAX_BYTES),
                        Settings.intOrDefault(settings, "RESULTS_REPLY_MAX_BYTES", (int) JobLimits.DEFAULT_REPLY_MAX_BYTES));
        return new JobService(repository, JobPolicy.fromSettings(settings),
                Clock.systemUTC(), UUID::randomUUID, Settings.intOrDefault(settings, "MAX_JOBS_IN_FLIGHT_PER_OWNER", 0));
    }
}
