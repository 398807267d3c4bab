package com.keywordtrend.systemtests;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.keywordtrend.store.AwsClients;
import com.keywordtrend.store.DynamoDbJobRepository;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobQuery;
import com.keywordtrend.model.JobType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs in a JVM whose classpath starts with the deployable api-lambda.jar (ApiJarTest starts it):
 * each DynamoDB call the API makes, through the repository, against {@code args[0]} (an endpoint, or
 * "aws" for AWS's own), printing {@code operation=outcome} per line. A class the jar left out shows
 * as an Error instead of the outcome DynamoDB's answer should give.
 */
public final class ApiJarProbe {
    public static void main(String[] args) {
        Map<String, String> settings = new HashMap<>(Map.of("AWS_REGION", "us-east-1"));
        if (!args[0].equals("aws")) settings.put(AwsClients.ENDPOINT, args[0]);
        var client = AwsClients.dynamoDb(settings::get, Duration.ofSeconds(10), AwsClients.emulatorCredentials());
        var repository = new DynamoDbJobRepository(client, "JobsTable");
        Job job = Job.pending(UUID.randomUUID().toString(), JobType.ORCHESTRATE, "probe", Instant.now(), JobPolicy.DEFAULT,
                JsonNodeFactory.instance.objectNode().put("industry", "healthcare"));
        report("PutItem", () -> { repository.create(job); return "created"; });
        report("GetItem", () -> repository.find(job.jobId()).isPresent() ? "found" : "missing");
        report("UpdateItem", () -> repository.cancel(job.jobId(), "probe", Instant.now()).name());
        report("Query", () -> repository.list(new JobQuery("probe", null, null, 5, null)).jobs().size() + " jobs");
        System.exit(0);
    }

    private static void report(String operation, Supplier<String> call) {
        String outcome;
        try {
            outcome = call.get();
        } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
        } catch (Error e) {
            outcome = "ERROR " + e;
        }
        System.out.println(operation + "=" + outcome);
    }
}
