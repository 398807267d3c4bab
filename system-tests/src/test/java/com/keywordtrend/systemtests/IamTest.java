package com.keywordtrend.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.gateway.IamGateway;
import com.keywordtrend.local.iam.Arns;
import com.keywordtrend.local.iam.DeployChecks;
import com.keywordtrend.local.iam.RolePolicy;
import com.keywordtrend.local.iam.Statement;
import com.keywordtrend.local.iam.TemplatePolicies;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.local.template.SamTemplate;
import com.keywordtrend.sources.RecordedApi.Reply;
import com.keywordtrend.sources.RecordedApi;
import com.keywordtrend.systemtests.faults.ProcessorsWithFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IAM as AWS enforces it, through the runner: every function's calls are evaluated against its role
 * in template.yaml. The same scenario runs on the template as it was before issue 17 (the processors'
 * role without the batch reads and writes their code makes) and on the project's template.
 */
class IamTest {
    static final Path TEMPLATE = Path.of("../template.yaml");
    /** The grants of ProcessorRole before the fix, and after: what AWS refused on the first deploy. */
    static final Map<String, String> BEFORE_THE_FIX = Map.of(
            "Action: [dynamodb:GetItem, dynamodb:UpdateItem, dynamodb:BatchGetItem]", "Action: [dynamodb:GetItem, dynamodb:UpdateItem]",
            "Action: [dynamodb:BatchGetItem, dynamodb:BatchWriteItem]\n                Resource: !GetAtt SourceCacheTable.Arn",
            "Action: [dynamodb:GetItem, dynamodb:PutItem]\n                Resource: !GetAtt SourceCacheTable.Arn");

    RecordedApi sources;
    LocalRunner runner;
    ApiClient api;

    @BeforeEach
    void sources() throws Exception {
        sources = new RecordedApi().withLatency(50);
    }

    @AfterEach
    void stop() {
        if (runner != null) runner.close();
        if (sources != null) sources.close();
    }

    void start(String name, Path template) throws Exception {
        String base = sources.base().toString();
        runner = LocalRunner.start(ProcessorsWithFaults.apply(TestRunners.live(name, Map.of("DATAMUSE_URL", base,
                "WIKIPEDIA_URL", base, "AUTOCOMPLETE_URL", base, "WIKIMEDIA_URL", base, "GDELT_URL", base))).template(template)
                // every result to the bucket: the processors' s3:PutObject and the polls' s3:GetObject are exercised too
                .functionSetting("RESULTS_INLINE_MAX_BYTES", "1"));
        api = new ApiClient(runner.apiBase());
    }

    /** template.yaml with {@code replacements} made, each of which must be found. */
    static Path templateWith(String name, Map<String, String> replacements) throws Exception {
        String text = Files.readString(TEMPLATE);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertTrue(text.contains(r.getKey()), "template.yaml no longer has: " + r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Path copy = Path.of("target/iam").toAbsolutePath().resolve(name + ".yaml");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, text);
        return copy;
    }

    /** What a trends job run twice and a running job cancelled showed. */
    record Seen(long sourceCallsOfTheRepeat, JsonNode repeat, long cancelToIdleMillis) {
    }

    Seen repeatedTrendsJobAndACancel(String topic) throws Exception {
        sources.onQuery("search=" + topic.replace(" ", "%20"), Reply.json("[\"" + topic + "\",[\"" + topic + "\"],[\"\"],[\"\"]]"));
        sources.on("/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/" + topic.replace(' ', '_') + "/",
                Reply.fixture("pageviews-monthly-captured.json"));
        String body = "{\"industry\":\"media\",\"start_date\":\"2020-01-01\",\"end_date\":\"2020-05-01\",\"keywords\":[\"" + topic + "\"]}";
        JsonNode first = api.awaitFinal("/trends", api.start("/trends", body), Duration.ofSeconds(60));
        assertEquals("COMPLETED", first.path("status").asText(), first.toString());
        long before = sources.requests.size();
        JsonNode repeat = api.awaitFinal("/trends", api.start("/trends", body), Duration.ofSeconds(60));
        assertEquals("COMPLETED", repeat.path("status").asText(), repeat.toString());
        long repeatCalls = sources.requests.size() - before;

        // a job that works for 30 s, cancelled once it runs: its processor's lease watch sees the cancel
        String slow = api.start("/trends", "{\"industry\":\"fault:slow:30|media\",\"keywords\":[\"a\"]}");
        LocalFunction processor = runner.function("TrendsProcessorFunction").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> !processor.busyPids().isEmpty()
                && "PROCESSING".equals(api.poll("/trends", slow).path("status").asText()));
        assertEquals(200, api.delete("/jobs/" + slow).statusCode());
        Instant cancelled = Instant.now();
        long idle = -1;
        try {
            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50)).until(() -> processor.busyPids().isEmpty());
            idle = Duration.between(cancelled, Instant.now()).toMillis();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // still working 6 s after the cancel: the processor never learnt of it
        }
        return new Seen(repeatCalls, repeat, idle);
    }

    static Predicate<IamGateway.Call> denied(String function, String action, String table) {
        return c -> c.function().equals(function) && c.action().equals(action) && c.resource().endsWith(":table/" + table)
                && !c.decision().allowed();
    }

    @Test
    void before_the_fix_the_lease_watch_and_the_source_cache_are_denied_and_a_repeated_trends_job_calls_its_sources_again()
            throws Exception {
        start("IamTest-before", templateWith("template-before-issue-17", BEFORE_THE_FIX));
        Seen seen = repeatedTrendsJobAndACancel("denied topic");
        List<IamGateway.Call> denials = runner.iam().denied();
        System.out.printf("IAM before the fix: %d denied calls %s; the repeat made %d source calls; cancel: %s%n", denials.size(),
                denials.stream().map(c -> c.function() + " " + c.action() + " " + c.resource().substring(c.resource().lastIndexOf(':') + 1))
                        .collect(Collectors.toCollection(java.util.TreeSet::new)), seen.sourceCallsOfTheRepeat(),
                seen.cancelToIdleMillis() < 0 ? "processor still working 6 s later" : seen.cancelToIdleMillis() + " ms");
        assertAll(
                () -> assertTrue(denials.stream().anyMatch(denied("TrendsProcessorFunction", "dynamodb:BatchGetItem", "JobsTable")),
                        "the lease watch's read: " + denials),
                () -> assertTrue(denials.stream().anyMatch(denied("TrendsProcessorFunction", "dynamodb:BatchGetItem", "SourceCacheTable")),
                        "the cache's reads: " + denials),
                () -> assertTrue(denials.stream().anyMatch(denied("TrendsProcessorFunction", "dynamodb:BatchWriteItem", "SourceCacheTable")),
                        "the cache's writes: " + denials),
                () -> assertEquals(2, seen.sourceCallsOfTheRepeat(), "the repeat asks its sources again (opensearch, pageviews)"),
                () -> assertEquals(0, seen.repeat().path("sources").get(0).path("cache").path("hits").asInt()),
                () -> assertEquals(-1, seen.cancelToIdleMillis(), "the cancelled job's processor goes on working"));
    }

    @Test
    void with_the_fixed_template_nothing_is_denied_the_repeat_is_served_from_the_cache_and_a_cancel_stops_the_processor_within_2_s()
            throws Exception {
        start("IamTest-fixed", TEMPLATE.toAbsolutePath());
        Seen seen = repeatedTrendsJobAndACancel("allowed topic");
        System.out.printf("IAM fixed: the repeat made %d source calls; cancel: processor idle %d ms after the DELETE%n",
                seen.sourceCallsOfTheRepeat(), seen.cancelToIdleMillis());
        exerciseEveryOtherCall();
        assertAll(
                () -> assertEquals(List.of(), runner.iam().denied()),
                () -> assertEquals(0, seen.sourceCallsOfTheRepeat(), "the repeat is answered from the cache"),
                () -> assertEquals(2, seen.repeat().path("sources").get(0).path("cache").path("hits").asInt()),
                // the lease watch looks every 2 s; a second more for a loaded two-core machine, as PipelineTest allows
                () -> assertTrue(seen.cancelToIdleMillis() >= 0 && seen.cancelToIdleMillis() <= 3_000,
                        "the lease watch stops the processor: " + seen.cancelToIdleMillis() + " ms"));
        assertEveryGrantIsNeeded(runner.iam().calls());
    }

    /** The calls the scenario above does not make: keyword jobs, the listing, a read, and the on-failure handler. */
    private void exerciseEveryOtherCall() throws Exception {
        String keywords = api.start("/orchestrate", "{\"industry\":\"fault:slow:3|bakery\",\"usp\":\"sourdough\",\"key_services\":[\"bread\"]}");
        assertEquals("COMPLETED", api.awaitFinal("/orchestrate", keywords, Duration.ofSeconds(90)).path("status").asText());
        assertEquals(200, api.get("/jobs?limit=5").statusCode());
        assertEquals(200, api.get("/jobs/" + keywords).statusCode());
        // a record delivered again (at least once): the claim fails, and the processor reads the job to see why
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) ApiClient.JSON.readTree(
                Files.readString(Path.of("../events/stream/orchestrate-insert.json")));
        var record = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("Records").get(0).get("dynamodb");
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("Keys").get("job_id")).put("S", keywords);
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("NewImage").get("job_id")).put("S", keywords);
        JsonNode again = ApiClient.JSON.readTree(runner.function("OrchestrateProcessorFunction").orElseThrow().invoke(event.toString()));
        assertEquals(0, again.path("batchItemFailures").size(), "a duplicate is settled, not failed: " + again);
        // the on-failure handler reads the stream back and settles the jobs of a batch whose retries ran out
        String failing = api.start("/orchestrate", "{\"industry\":\"fault:slow:20|bakery\",\"usp\":\"sourdough\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> "PROCESSING".equals(api.poll("/orchestrate", failing).path("status").asText()));
        var dynamoDb = TestRunners.dynamoDb(runner);
        String streamArn = dynamoDb.describeTable(r -> r.tableName(TestRunners.JOBS_TABLE)).table().latestStreamArn();
        List<String> range = PipelineTest.insertSequenceNumbers(runner, streamArn, List.of(failing));
        JsonNode reply = ApiClient.JSON.readTree(runner.function("FailedBatchFunction").orElseThrow()
                .invoke(PipelineTest.onFailureMessage("OrchestrateProcessorFunction", streamArn, range)));
        assertEquals(1, reply.path("batchItemFailures").size(), "a job under a live lease is left to its holder: " + reply);
    }

    /**
     * Each action each statement of a role grants (its own statements; AWS's managed policies are not ours to trim)
     * is needed: with that action taken out of that statement alone, a call the runner saw a function of that role
     * make is denied, or Lambda's deploy checks (a mapping's stream or destination, tracing) fail. Prints the table
     * function × action on resource → what needs it.
     */
    static void assertEveryGrantIsNeeded(Set<IamGateway.Call> calls) throws Exception {
        SamTemplate template = SamTemplate.load(TEMPLATE);
        TemplatePolicies policies = new TemplatePolicies(template, new Arns("us-east-1", Arns.LOCAL_ACCOUNT),
                name -> null, streamLabels(calls));
        Map<String, String> table = new TreeMap<>();
        List<String> unneeded = new ArrayList<>();
        Set<String> functions = template.resourcesOfType("AWS::Serverless::Function").keySet();
        for (String function : functions) {
            RolePolicy role = policies.roleOf(function);
            Set<String> sameRole = functions.stream().filter(f -> policies.roleOf(f).roleName().equals(role.roleName()))
                    .collect(Collectors.toSet());
            for (int s = 0; s < role.statements().size(); s++) {
                Statement statement = role.statements().get(s);
                if (!statement.allow() || statement.ofAwsManagedPolicy()) continue;
                for (String action : statement.actions()) {
                    RolePolicy without = withoutAction(role, s, action);
                    var call = calls.stream().filter(c -> sameRole.contains(c.function()) && c.decision().allowed()
                            && c.resource().startsWith("arn:") && !without.decide(c.action(), c.resource()).allowed()).findFirst();
                    var deploy = DeployChecks.of(template, policies, function, without).stream()
                            .filter(DeployChecks.Finding::fatal).findFirst();
                    String need = call.map(c -> "AccessDenied: " + c.function() + " " + c.action() + " on " + c.resource())
                            .or(() -> deploy.map(f -> "deploy check: " + f.message())).orElse(null);
                    String grant = function + " × " + action + " on " + String.join(", ", statement.resources());
                    if (need == null) unneeded.add(grant);
                    table.put(grant, need == null ? "UNUSED" : need);
                }
            }
        }
        table.forEach((k, v) -> System.out.println("IAM-GRANT " + k + " → " + v));
        assertEquals(List.of(), unneeded, "granted but never needed: remove them, or exercise them here");
    }

    /** {@code role} with {@code action} taken out of its statement {@code index} only. */
    static RolePolicy withoutAction(RolePolicy role, int index, String action) {
        List<Statement> statements = new ArrayList<>(role.statements());
        Statement s = statements.get(index);
        statements.set(index, new Statement(true, s.actions().stream().filter(a -> !a.equals(action)).toList(), List.of(),
                s.resources(), s.notResources(), s.origin()));
        return new RolePolicy(role.roleName(), statements);
    }

    static Map<String, String> streamLabels(Set<IamGateway.Call> calls) {
        Map<String, String> labels = new LinkedHashMap<>();
        calls.stream().map(IamGateway.Call::resource).filter(r -> r.contains("/stream/")).forEach(r -> labels.put(
                r.substring(r.indexOf(":table/") + ":table/".length(), r.indexOf("/stream/")), Arns.streamLabel(r)));
        labels.putIfAbsent("JobsTable", "label");
        return labels;
    }

    /** The start functions' read of results in the bucket, as template.yaml grants it after their DynamoDB statements. */
    static final String RESULTS_GRANT = "            - Effect: Allow\n              # a poll reads a result stored in the bucket, or signs the result_url it hands out\n"
            + "              Action: [s3:GetObject]\n              Resource: !Sub \"${ResultsBucket.Arn}/results/*\"\n";

    @Test
    void a_denied_call_is_answered_as_dynamodb_answers_it_and_names_role_action_and_resource() throws Exception {
        Path template = templateWith("template-start-cannot-put", Map.of(
                "              Action: [dynamodb:PutItem, dynamodb:GetItem]\n              Resource: !GetAtt JobsTable.Arn\n"
                        + "            - Effect: Allow\n              # counting the caller's jobs in flight (MaxJobsInFlightPerClient)\n"
                        + "              Action: [dynamodb:Query]\n              Resource: !Sub \"${JobsTable.Arn}/index/owner-created_at\"\n"
                        + RESULTS_GRANT
                        + "      Events:\n        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n"
                        + "            Path: /orchestrate",
                "              Action: [dynamodb:GetItem]\n              Resource: !GetAtt JobsTable.Arn\n"
                        + "            - Effect: Allow\n              # counting the caller's jobs in flight (MaxJobsInFlightPerClient)\n"
                        + "              Action: [dynamodb:Query]\n              Resource: !Sub \"${JobsTable.Arn}/index/owner-created_at\"\n"
                        + RESULTS_GRANT
                        + "      Events:\n        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n"
                        + "            Path: /orchestrate"));
        start("IamTest-denied", template);
        var reply = api.post("/orchestrate", "{\"industry\":\"bakery\",\"usp\":\"sourdough\"}");
        assertEquals(500, reply.statusCode(), "a role without the grant is the deployment's fault, not the caller's: " + reply.body());
        assertFalse(reply.body().contains("AccessDenied"), "no exception text in a reply: " + reply.body());
        IamGateway.Call call = runner.iam().denied().getFirst();
        assertEquals(new IamGateway.Call("OrchestrateFunction", "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/JobsTable",
                com.keywordtrend.local.iam.Decision.IMPLICIT_DENY), call);
        String log = Files.readString(Path.of("target/function-logs/IamTest-denied.log"));
        assertTrue(log.contains("User: arn:aws:sts::000000000000:assumed-role/OrchestrateFunctionRole/OrchestrateFunction is not authorized "
                + "to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/JobsTable because no "
                + "identity-based policy allows the dynamodb:PutItem action"), "the function logs what DynamoDB answered");
        assertEquals(200, api.post("/trends", "{\"industry\":\"bakery\",\"keywords\":[\"bread\"]}").statusCode(),
                "another function's role is its own");
    }
}
