package com.keywordtrend.systemtests;

import static com.keywordtrend.local.template.SamTemplate.list;
import static com.keywordtrend.local.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.streams.EventPattern;
import com.keywordtrend.local.template.SamTemplate;
import com.keywordtrend.store.DynamoDbJobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml's structure: what SAM would deploy, checked offline (no CloudFormation linter runs here). */
class TemplateTest {
    static SamTemplate template;

    @BeforeAll
    static void load() throws Exception {
        template = SamTemplate.load(Path.of("../template.yaml"));
    }

    static Map<String, Object> streamEvent(String function) {
        return map(map(map(template.properties(function).get("Events")).get("JobInserted")).get("Properties"));
    }

    @Test
    void jobs_table_is_on_demand_with_new_image_stream_and_ttl_on_expires_at() {
        Map<String, Object> table = template.properties("JobsTable");
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
        assertEquals("NEW_IMAGE", map(table.get("StreamSpecification")).get("StreamViewType"));
        assertEquals("expires_at", map(table.get("TimeToLiveSpecification")).get("AttributeName"));
        assertEquals(true, map(table.get("TimeToLiveSpecification")).get("Enabled"));
        assertEquals("job_id", map(list(table.get("KeySchema")).getFirst()).get("AttributeName"));
    }

    @Test
    void each_processor_mapping_takes_only_inserts_of_its_own_job_type() {
        for (var entry : Map.of("OrchestrateProcessorFunction", "orchestrate", "TrendsProcessorFunction", "trends").entrySet()) {
            List<Object> filters = list(map(streamEvent(entry.getKey()).get("FilterCriteria")).get("Filters"));
            assertEquals(1, filters.size());
            EventPattern pattern = EventPattern.parse(String.valueOf(map(filters.getFirst()).get("Pattern")));
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertTrue(pattern.matches(json.valueToTree(Map.of("eventName", "INSERT",
                    "dynamodb", Map.of("NewImage", Map.of("job_type", Map.of("S", entry.getValue())))))));
            assertFalse(pattern.matches(json.valueToTree(Map.of("eventName", "MODIFY",
                    "dynamodb", Map.of("NewImage", Map.of("job_type", Map.of("S", entry.getValue())))))));
        }
    }

    @Test
    void processor_mappings_report_partial_failures_bisect_and_bound_retries_and_age() {
        for (String function : List.of("OrchestrateProcessorFunction", "TrendsProcessorFunction")) {
            Map<String, Object> mapping = streamEvent(function);
            assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
            assertEquals(true, mapping.get("BisectBatchOnFunctionError"));
            int retries = (Integer) mapping.get("MaximumRetryAttempts");
            assertTrue(retries >= 0 && retries <= 5);
            assertTrue((Integer) mapping.get("MaximumRecordAgeInSeconds") > 0);
            assertEquals("FailedBatchesQueue", SamTemplate.referencedId(
                    map(map(mapping.get("DestinationConfig")).get("OnFailure")).get("Destination")));
            // the job's attempt budget matches what the mapping will deliver
            Object maxAttempts = template.environment(function, String::valueOf).get("JOB_MAX_ATTEMPTS");
            assertEquals(retries + 1, Integer.parseInt(String.valueOf(maxAttempts)));
        }
    }

    @Test
    void the_failed_batches_queue_is_consumed_by_the_failed_batch_handler() {
        Map<String, Object> event = map(map(map(template.properties("FailedBatchFunction").get("Events")).get("FailedBatch")).get("Properties"));
        assertEquals("FailedBatchesQueue", SamTemplate.referencedId(event.get("Queue")));
        assertEquals(List.of("ReportBatchItemFailures"), event.get("FunctionResponseTypes"));
    }

    @Test
    void start_functions_may_only_put_and_get_items_of_the_jobs_table_query_the_owner_index_and_read_results() {
        for (String function : List.of("OrchestrateFunction", "TrendsFunction")) {
            List<Object> policies = list(template.properties(function).get("Policies"));
            assertEquals(1, policies.size());
            List<Object> statements = list(map(policies.getFirst()).get("Statement"));
            assertEquals(3, statements.size());
            assertResultsReadOnly(map(statements.get(2)));
            Map<String, Object> statement = map(statements.getFirst());
            assertEquals(List.of("dynamodb:PutItem", "dynamodb:GetItem"), statement.get("Action"));
            assertEquals("JobsTable", SamTemplate.referencedId(statement.get("Resource")));
            Map<String, Object> query = map(statements.get(1));
            assertEquals(List.of("dynamodb:Query"), query.get("Action"));
            assertEquals(Map.of("Fn::Sub", "${JobsTable.Arn}/index/owner-created_at"), query.get("Resource"));
            assertEquals(Map.of("Ref", "MaxJobsInFlightPerClient"),
                    map(map(template.properties(function).get("Environment")).get("Variables")).get("MAX_JOBS_IN_FLIGHT_PER_OWNER"));
        }
    }

    @Test
    void both_paths_serve_post_and_options() {
        Map<String, Set<String>> routes = new java.util.TreeMap<>();
        for (String function : List.of("OrchestrateFunction", "TrendsFunction")) {
            map(template.properties(function).get("Events")).values().forEach(e -> {
                Map<String, Object> p = map(map(e).get("Properties"));
                routes.computeIfAbsent(String.valueOf(p.get("Path")), k -> new java.util.TreeSet<>()).add(String.valueOf(p.get("Method")));
            });
        }
        assertEquals(Map.of("/orchestrate", Set.of("OPTIONS", "POST"), "/trends", Set.of("OPTIONS", "POST")), routes);
    }

    @Test
    void functions_run_java25_traced_with_snapstart_and_bounded_timeouts() {
        Map<String, Object> globals = map(map(template.root().get("Globals")).get("Function"));
        assertEquals("java25", globals.get("Runtime"));
        assertEquals("Active", globals.get("Tracing"));
        assertEquals("PublishedVersions", map(globals.get("SnapStart")).get("ApplyOn"));
        for (String function : template.resourcesOfType("AWS::Serverless::Function").keySet()) {
            int timeout = Integer.parseInt(String.valueOf(template.functionProperty(function, "Timeout")));
            assertTrue(timeout > 0 && timeout <= 900, function);
            assertNotNull(template.environment(function, String::valueOf).get("POWERTOOLS_SERVICE_NAME"), function);
        }
        assertTrue(Integer.parseInt(String.valueOf(template.functionProperty("OrchestrateFunction", "Timeout"))) < 29,
                "API functions answer inside API Gateway's 29 s");
    }

    @Test
    void a_processors_timeout_is_its_works_budget_plus_margin_and_at_most_twice_it() {
        Map<String, String> budgets = Map.of("OrchestrateProcessorFunction", "KEYWORDS_TIME_BUDGET_SECONDS",
                "TrendsProcessorFunction", "TRENDS_TIME_BUDGET_SECONDS");
        budgets.forEach((function, variable) -> {
            int timeout = Integer.parseInt(String.valueOf(template.functionProperty(function, "Timeout")));
            int budget = Integer.parseInt(template.environment(function, String::valueOf).get(variable));
            // the margin: the outcome's write and a record's wait for a slot (JobStreamProcessor)
            assertTrue(timeout >= budget + 60, function + ": " + timeout + " s for a budget of " + budget + " s");
            assertTrue(timeout <= 2 * budget, function + ": a frozen environment holds its batch " + timeout + " s");
        });
    }

    @Test
    void code_uris_name_the_jars_the_build_makes() {
        Set<String> uris = template.resourcesOfType("AWS::Serverless::Function").keySet().stream()
                .map(f -> String.valueOf(template.properties(f).get("CodeUri"))).collect(Collectors.toSet());
        assertEquals(Set.of("api/target/api-lambda.jar", "stream-processors/target/stream-processors-lambda.jar"), uris);
    }

    @Test
    void no_resource_name_is_hard_coded() throws Exception {
        String text = Files.readString(Path.of("../template.yaml"));
        for (String property : List.of("TableName:", "FunctionName:", "QueueName:", "AlarmName:")) {
            // a reference (!Ref, !GetAtt) is fine; a literal name would clash between stacks
            assertFalse(text.lines().anyMatch(l -> l.trim().startsWith(property) && !l.contains("!")), property);
        }
    }

    @Test
    void outputs_give_the_api_url_and_table_name() {
        Map<String, Object> outputs = map(template.root().get("Outputs"));
        assertTrue(outputs.containsKey("ApiUrl"));
        assertTrue(outputs.containsKey("JobsTableName"));
    }

    @Test
    void on_failure_queue_outlasts_six_consumer_timeouts_and_parks_poison_messages() {
        Map<String, Object> queue = template.properties("FailedBatchesQueue");
        int consumerTimeout = Integer.parseInt(String.valueOf(template.functionProperty("FailedBatchFunction", "Timeout")));
        assertTrue((Integer) queue.get("VisibilityTimeout") >= 6 * consumerTimeout);
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        assertEquals("FailedBatchesDeadLetterQueue", SamTemplate.referencedId(redrive.get("deadLetterTargetArn")));
        int receives = (Integer) redrive.get("maxReceiveCount");
        assertTrue(receives >= 3 && receives <= 10, "bounded, but enough for a lease to lapse between deliveries");
    }

    @Test
    void iterator_age_alarm_watches_every_processor() {
        String alarm = String.valueOf(template.resources().get("ProcessorIteratorAgeAlarm"));
        for (String processor : processors()) assertTrue(alarm.contains(processor), processor);
    }

    @Test
    void processors_read_only_their_own_table_stream() {
        for (String processor : processors()) {
            // with a role of ours, SAM attaches no AWSLambdaDynamoDBExecutionRole (every stream, Resource: *)
            assertEquals("ProcessorRole", SamTemplate.referencedId(template.properties(processor).get("Role")), processor);
            assertNull(template.properties(processor).get("Policies"), processor);
        }
        Map<String, Object> role = template.properties("ProcessorRole");
        for (Object policy : list(role.get("Policies"))) {
            for (Object s : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                Map<String, Object> statement = map(s);
                List<Object> actions = list(statement.get("Action"));
                if ("*".equals(statement.get("Resource"))) {
                    assertTrue(actions.stream().allMatch(a -> String.valueOf(a).startsWith("xray:")), statement.toString());
                }
                if (actions.contains("dynamodb:GetRecords")) {
                    assertEquals("JobsTable", SamTemplate.referencedId(statement.get("Resource")));
                    assertTrue(String.valueOf(statement.get("Resource")).contains("StreamArn"));
                }
            }
        }
    }

    @Test
    void failed_batch_handler_knows_each_processor_by_name() {
        Map<String, String> environment = template.environment("FailedBatchFunction", v -> SamTemplate.referencedId(v));
        assertEquals("OrchestrateProcessorFunction", environment.get("ORCHESTRATE_PROCESSOR_NAME"));
        assertEquals("TrendsProcessorFunction", environment.get("TRENDS_PROCESSOR_NAME"));
    }

    private static List<String> processors() {
        return template.resourcesOfType("AWS::Serverless::Function").keySet().stream()
                .filter(f -> map(template.properties(f).get("Events")).values().stream()
                        .anyMatch(e -> "DynamoDB".equals(map(e).get("Type"))))
                .toList();
    }

    @Test
    void job_resources_are_get_delete_list_and_preflights_with_item_access_and_only_the_owner_index_to_query() {
        Map<String, Set<String>> routes = new java.util.TreeMap<>();
        map(template.properties("JobsFunction").get("Events")).values().forEach(e -> {
            Map<String, Object> p = map(map(e).get("Properties"));
            routes.computeIfAbsent(String.valueOf(p.get("Path")), k -> new java.util.TreeSet<>()).add(String.valueOf(p.get("Method")));
        });
        assertEquals(Map.of("/jobs/{job_id}", Set.of("GET", "DELETE", "OPTIONS"), "/jobs", Set.of("GET", "OPTIONS")), routes);
        List<Object> statements = list(map(list(template.properties("JobsFunction").get("Policies")).getFirst()).get("Statement"));
        assertEquals(3, statements.size());
        assertResultsReadOnly(map(statements.get(2)));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), map(statements.get(0)).get("Action"));
        assertEquals("JobsTable", SamTemplate.referencedId(map(statements.get(0)).get("Resource")));
        assertEquals(List.of("dynamodb:Query"), map(statements.get(1)).get("Action"));
        assertEquals(Map.of("Fn::Sub", "${JobsTable.Arn}/index/" + DynamoDbJobRepository.OWNER_INDEX),
                map(statements.get(1)).get("Resource"), "Query only on the owner index, never the table");
    }

    /** The API's one S3 grant: reading objects under the results prefix of the stack's bucket. */
    private static void assertResultsReadOnly(Map<String, Object> statement) {
        assertEquals(List.of("s3:GetObject"), statement.get("Action"));
        assertEquals(Map.of("Fn::Sub", "${ResultsBucket.Arn}/results/*"), statement.get("Resource"));
    }

    @Test
    void the_results_bucket_is_private_encrypted_tls_only_and_expires_objects_with_the_jobs() {
        Map<String, Object> bucket = template.properties("ResultsBucket");
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                bucket.get("PublicAccessBlockConfiguration"));
        assertEquals("AES256", map(map(list(map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).getFirst())
                .get("ServerSideEncryptionByDefault")).get("SSEAlgorithm"));
        Map<String, Object> rule = map(list(map(bucket.get("LifecycleConfiguration")).get("Rules")).getFirst());
        assertEquals(Map.of("Ref", "JobRetentionDays"), rule.get("ExpirationInDays"), "objects expire as the job items do");
        assertEquals("results/", rule.get("Prefix"));
        Map<String, Object> tls = map(list(map(template.properties("ResultsBucketPolicy").get("PolicyDocument")).get("Statement")).getFirst());
        assertEquals("Deny", tls.get("Effect"));
        assertEquals(Map.of("Bool", Map.of("aws:SecureTransport", "false")), tls.get("Condition"));
        Map<String, Object> globals = map(map(map(template.root().get("Globals")).get("Function")).get("Environment"));
        assertEquals(Map.of("Ref", "ResultsBucket"), map(globals.get("Variables")).get("RESULTS_BUCKET"));
    }

    @Test
    void owner_index_is_keyed_by_owner_and_created_at_and_projects_what_a_listing_needs() {
        Map<String, Object> index = map(list(template.properties("JobsTable").get("GlobalSecondaryIndexes")).getFirst());
        assertEquals(DynamoDbJobRepository.OWNER_INDEX, index.get("IndexName"));
        assertEquals(List.of(Map.of("AttributeName", "owner", "KeyType", "HASH"),
                Map.of("AttributeName", "created_at", "KeyType", "RANGE")), index.get("KeySchema"));
        List<Object> projected = list(map(index.get("Projection")).get("NonKeyAttributes"));
        for (String needed : List.of("job_type", "status", "lease_expires_at", "attempts", "error_message", "cancelled", "industry")) {
            assertTrue(projected.contains(needed), needed);
        }
        assertFalse(projected.contains("keywords"), "results stay out of the index");
    }

    @Test
    void cursor_key_comes_from_a_generated_secret_and_anonymous_use_is_a_parameter() {
        Map<String, Object> secret = template.properties("CursorSigningSecret");
        assertNotNull(secret.get("GenerateSecretString"));
        assertEquals(Map.of("Fn::Sub", "{{resolve:secretsmanager:${CursorSigningSecret}:SecretString}}"),
                map(map(template.properties("JobsFunction").get("Environment")).get("Variables")).get("CURSOR_SIGNING_KEY"));
        assertEquals("true", map(template.parameters().get("AllowAnonymous")).get("Default"));
        assertNotNull(map(map(template.root().get("Rules")).get("SomebodyCanUseTheApi")).get("Assertions"));
    }

    @Test
    void both_processors_send_the_deployers_contact_which_live_sources_require_and_datamuses_budget_is_watched() {
        for (String function : processors()) {
            assertEquals(Map.of("Ref", "SourcesContact"),
                    map(map(template.properties(function).get("Environment")).get("Variables")).get("SOURCES_CONTACT"), function);
        }
        java.util.regex.Pattern allowed = java.util.regex.Pattern.compile(String.valueOf(map(template.parameters().get("SourcesContact")).get("AllowedPattern")));
        for (String ok : List.of("", "ops@example.org", "https://example.org/keyword-trend")) assertTrue(allowed.matcher(ok).matches(), ok);
        for (String bad : List.of("keyword-trend", "ops@", "ftp://example.org", "a b@example.org")) assertFalse(allowed.matcher(bad).matches(), bad);
        Map<String, Object> rule = map(map(template.root().get("Rules")).get("LiveSourcesNeedAContact"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "SourcesOffline"), "false")), rule.get("RuleCondition"));
        Map<String, Object> alarm = template.properties("DatamuseDailyBudgetAlarm");
        assertEquals("SourceRequests", alarm.get("MetricName"));
        assertEquals(86400, alarm.get("Period"));
        assertEquals(List.of(Map.of("Name", "Source", "Value", "datamuse")), alarm.get("Dimensions"));
    }

    @Test
    void processors_share_a_cache_table_of_source_answers_with_ttl_and_only_batch_reads_and_writes_on_it() {
        Map<String, Object> table = template.properties("SourceCacheTable");
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
        assertEquals("cache_key", map(list(table.get("KeySchema")).getFirst()).get("AttributeName"));
        assertEquals("expires_at", map(table.get("TimeToLiveSpecification")).get("AttributeName"));
        for (String function : processors()) {
            assertEquals(Map.of("Ref", "SourceCacheTable"),
                    map(map(template.properties(function).get("Environment")).get("Variables")).get("SOURCE_CACHE_TABLE_NAME"), function);
        }
        // the role as IAM evaluates it: of DynamoDB's item actions, the cache table allows the batch calls DynamoBatches makes
        var arns = new com.keywordtrend.local.iam.Arns("us-east-1", com.keywordtrend.local.iam.Arns.LOCAL_ACCOUNT);
        var role = new com.keywordtrend.local.iam.TemplatePolicies(template, arns, name -> null, Map.of("JobsTable", "label"))
                .roleOf("TrendsProcessorFunction");
        List<String> allowed = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem")
                .stream().filter(a -> role.decide("dynamodb:" + a, arns.table("SourceCacheTable")).allowed()).toList();
        assertEquals(List.of("BatchGetItem", "BatchWriteItem"), allowed);
    }

    @Test
    void processor_mappings_take_large_batches_with_a_short_window_and_ten_batches_per_shard() {
        assertEquals(500, streamEvent("TrendsProcessorFunction").get("BatchSize"));
        assertEquals(50, streamEvent("OrchestrateProcessorFunction").get("BatchSize"));
        for (String function : processors()) {
            assertEquals(1, streamEvent(function).get("MaximumBatchingWindowInSeconds"), function);
            assertEquals(10, streamEvent(function).get("ParallelizationFactor"), function);
        }
    }

    @Test
    void the_architecture_and_the_stage_throttle_are_parameters_arm64_and_500_per_second_by_default() {
        assertEquals("arm64", map(template.parameters().get("Architecture")).get("Default"));
        assertEquals(List.of(Map.of("Ref", "Architecture")), map(map(template.root().get("Globals")).get("Function")).get("Architectures"));
        assertEquals(500, map(template.parameters().get("ApiThrottleRateLimit")).get("Default"));
        Map<String, Object> method = map(list(template.properties("Api").get("MethodSettings")).getFirst());
        assertEquals(Map.of("Ref", "ApiThrottleRateLimit"), method.get("ThrottlingRateLimit"));
        assertEquals(Map.of("Ref", "ApiThrottleBurstLimit"), method.get("ThrottlingBurstLimit"));
    }
}
