package com.keywordtrend.local;

import static com.keywordtrend.local.template.SamTemplate.list;
import static com.keywordtrend.local.template.SamTemplate.map;

import com.keywordtrend.local.auth.LocalAuthorizer;
import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.emulator.S3Emulator;
import com.keywordtrend.local.emulator.S3OnDemand;
import com.keywordtrend.local.gateway.IamGateway;
import com.keywordtrend.local.gateway.S3IamGateway;
import com.keywordtrend.local.http.ApiServer;
import com.keywordtrend.local.http.ConsoleFiles;
import com.keywordtrend.local.iam.Arns;
import com.keywordtrend.local.iam.DeployChecks;
import com.keywordtrend.local.iam.IamException;
import com.keywordtrend.local.iam.RolePolicy;
import com.keywordtrend.local.iam.TemplatePolicies;
import com.keywordtrend.local.lambda.CredentialsEndpoint;
import com.keywordtrend.local.lambda.LocalFunction;
import com.keywordtrend.local.lambda.TaskRoot;
import com.keywordtrend.local.streams.EventPattern;
import com.keywordtrend.local.streams.StreamPoller;
import com.keywordtrend.local.streams.StreamPositions;
import com.keywordtrend.local.template.SamTemplate;
import com.keywordtrend.local.template.TemplateResolver;
import com.keywordtrend.local.template.TemplateTables;
import com.keywordtrend.local.trace.TraceCollector;
import com.keywordtrend.store.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole pipeline on one machine, read from template.yaml: Dynoxide (or a DynamoDB endpoint
 * you name), the template's tables, its API routes on 127.0.0.1, and a poller per stream mapping.
 * Each function runs as Lambda runs it: in JVMs of its own started through the official runtime
 * interface client, with Lambda's environment variables, its MemorySize as the memory bound, its
 * Timeout enforced by killing the process, and, for SnapStart functions, credentials only from a
 * container credentials endpoint. The same handlers, repository and SDK calls as in AWS; only the
 * DynamoDB endpoint differs.
 */
public final class LocalRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
    /** Settings of the runner's own environment that reach the functions: where the data sources are, and how they behave. */
    static final Pattern SOURCE_SETTINGS = Pattern.compile("[A-Z0-9_]+_URL|KEYWORDS_[A-Z0-9_]+|TRENDS_[A-Z0-9_]+|SOURCES_[A-Z0-9_]+|PROCESSOR_[A-Z0-9_]+");

    public static final class Options {
        Path projectRoot = Path.of("").toAbsolutePath();
        Path template;
        int apiPort = 3000;
        int dynamoDbPort = 0;
        Path dbPath;
        String dynamoDbEndpoint;
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, Duration> timeouts = new LinkedHashMap<>();
        final Map<String, Integer> memory = new LinkedHashMap<>();
        final Map<String, String> handlers = new LinkedHashMap<>();
        final Map<String, String> functionSettings = new LinkedHashMap<>();
        final List<Path> extraClasses = new ArrayList<>();
        final Map<String, List<Path>> handlerClasses = new LinkedHashMap<>();
        Map<String, String> runnerEnvironment = System.getenv();
        int maxEnvironments = 4;
        boolean prewarm = true;
        boolean s3AtStart = true;
        boolean aotCache = true;
        boolean auth;
        boolean iam = true;
        /** Lambda polls each shard of a DynamoDB stream at a base rate of four times a second. */
        Duration pollInterval = Duration.ofMillis(250);
        Integer parallelizationFactor;
        Duration onFailureRedelivery = Duration.ofSeconds(10);
        ProcessBuilder.Redirect functionOutput = ProcessBuilder.Redirect.INHERIT;

        public Options projectRoot(Path root) { this.projectRoot = root; return this; }
        /** Another template than the project's template.yaml (tests run the runner on altered copies); code paths stay the project's. */
        public Options template(Path file) { this.template = file; return this; }
        public Options apiPort(int port) { this.apiPort = port; return this; }
        public Options dynamoDbPort(int port) { this.dynamoDbPort = port; return this; }
        public Options dbPath(Path path) { this.dbPath = path; return this; }
        public Options dynamoDbEndpoint(String endpoint) { this.dynamoDbEndpoint = endpoint; return this; }
        public Options parameter(String name, String value) { parameters.put(name, value); return this; }
        /** Overrides a function's Timeout, e.g. to see a processor time out in a test. */
        public Options timeout(String logicalId, Duration timeout) { timeouts.put(logicalId, timeout); return this; }
        /** Overrides a function's MemorySize (MB), e.g. to run it out of memory in a test. */
        public Options memory(String logicalId, int megabytes) { memory.put(logicalId, megabytes); return this; }
        /**
         * Runs another handler for a function (fault tests wrap the real one), from {@code classes} added to that
         * function's task root only: the other functions of its jar keep the jar's own root, and its AOT cache.
         */
        public Options handler(String logicalId, String handler, Path classes) {
            handlers.put(logicalId, handler);
            handlerClasses.computeIfAbsent(logicalId, id -> new ArrayList<>()).add(classes);
            return this;
        }
        /** Classes added to every task root (tests that need a root of their own); Lambda has no such thing. */
        public Options extraClasses(Path directory) { extraClasses.add(directory); return this; }
        /** An environment variable for every function, over the template's (e.g. a source URL). */
        public Options functionSetting(String name, String value) { functionSettings.put(name, value); return this; }
        /** The environment whose {@link #SOURCE_SETTINGS} reach the functions (the runner's own by default). */
        public Options runnerEnvironment(Map<String, String> environment) { this.runnerEnvironment = environment; return this; }
        /** At most this many execution environments per function (Lambda's concurrency, scaled to one machine). */
        public Options maxEnvironments(int max) { this.maxEnvironments = max; return this; }
        public Options prewarm(boolean prewarm) { this.prewarm = prewarm; return this; }
        /** False starts the S3 emulator at the first S3 call instead (tests: most never store a result in the bucket). */
        public Options s3AtStart(boolean atStart) { this.s3AtStart = atStart; return this; }
        /** False starts every environment without the task root's AOT cache (a bench compares the two). */
        public Options aotCache(boolean aotCache) { this.aotCache = aotCache; return this; }
        /** Checks tokens as the template's Cognito authorizer would (local/token.sh makes them); off, every caller is anonymous. */
        public Options auth(boolean auth) { this.auth = auth; return this; }
        /** Evaluates each function's AWS calls against its role in template.yaml (on by default); off lets every call through, for diagnosis only. */
        public Options iam(boolean enforce) { this.iam = enforce; return this; }
        public Options pollInterval(Duration interval) { this.pollInterval = interval; return this; }
        /** Overrides every stream mapping's ParallelizationFactor (a fault test that needs one batch at a time per shard sets 1). */
        public Options parallelizationFactor(int factor) { this.parallelizationFactor = factor; return this; }
        /** How long an on-failure message waits before SQS hands it out again (the queue's VisibilityTimeout in AWS). */
        public Options onFailureRedelivery(Duration delay) { this.onFailureRedelivery = delay; return this; }
        /** Where the functions' logs go (the runner's stderr by default). */
        public Options functionOutput(ProcessBuilder.Redirect output) { this.functionOutput = output; return this; }
    }

    private final List<AutoCloseable> running = new ArrayList<>();
    private String endpoint;
    private Dynoxide dynoxide;
    private S3OnDemand s3;
    private S3IamGateway s3Gateway;
    private CredentialsEndpoint credentials;
    private IamGateway iam;
    private TraceCollector traces;
    private final List<StreamPoller> pollers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ApiServer api;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final java.util.concurrent.CompletableFuture<String> stopped = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalRunner(Options options) throws Exception {
        try {
            startAll(options);
        } catch (Exception | Error e) {
            close(); // an emulator or function already started must not outlive a failed start
            throw e;
        }
    }

    private void startAll(Options options) throws Exception {
        SamTemplate template = SamTemplate.load(options.template != null ? options.template : options.projectRoot.resolve("template.yaml"));
        new TemplateResolver(template, options.parameters, "us-east-1").checkParameters(); // refuse what a deploy would, before starting anything
        if (options.apiPort != 0) Dynoxide.requireFree(options.apiPort, "--port"); // fail before starting anything
        String runtimeClasspath = TaskRoot.runtimeClasspath(options.projectRoot);
        if (options.dynamoDbEndpoint != null) {
            endpoint = options.dynamoDbEndpoint;
        } else {
            dynoxide = Dynoxide.start(options.projectRoot, options.dynamoDbPort, options.dbPath, Duration.ofSeconds(20));
            running.add(dynoxide);
            endpoint = dynoxide.endpoint();
            dynoxide.onUnexpectedExit(() -> stop("the DynamoDB emulator (Dynoxide) exited unexpectedly"));
        }
        // the S3 emulator (a JVM, 1.5–4 s to start) comes up beside everything else, or at the first S3 call; calls to it
        // wait for it. It starts after Dynoxide, which has refused a --db-path it cannot use before anything else started
        List<String> buckets = template.resourcesOfType("AWS::S3::Bucket").keySet().stream().map(Arns::bucketName).toList();
        s3 = new S3OnDemand(options.projectRoot, s3Root(options.dbPath), buckets, () -> stop("the S3 emulator (S3Mock) exited unexpectedly"));
        running.add(s3);
        if (options.s3AtStart) s3.start();
        String region = options.runnerEnvironment.getOrDefault("AWS_REGION", "us-east-1");
        Map<String, String> runnerSettings = Map.of(AwsClients.ENDPOINT, endpoint, "AWS_REGION", region);
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(runnerSettings::get, Duration.ofSeconds(10), AwsClients.emulatorCredentials());
        running.add(dynamoDb);
        Map<String, String> streamArns = TemplateTables.create(template, dynamoDb);
        credentials = new CredentialsEndpoint();
        running.add(credentials);
        traces = TraceCollector.start();
        running.add(traces);

        TemplateResolver resolver = new TemplateResolver(template, options.parameters, region);
        Arns arns = new Arns(region, Arns.LOCAL_ACCOUNT);
        Map<String, String> streamLabels = new LinkedHashMap<>();
        streamArns.forEach((table, arn) -> {
            if (arn != null) streamLabels.put(table, Arns.streamLabel(arn));
        });
        TemplatePolicies policies = new TemplatePolicies(template, arns, resolver::parameter, streamLabels);
        // what the functions reach behind IAM: the emulator, or what a test puts between them (a network link)
        String functionsUpstream = options.functionSettings.getOrDefault(AwsClients.ENDPOINT, endpoint);
        iam = new IamGateway(functionsUpstream, arns, options.iam);
        running.add(iam);
        s3Gateway = new S3IamGateway(iam, s3::endpoint);
        running.add(s3Gateway);
        Path lambdaDir = options.projectRoot.resolve("local/target/lambda");
        for (String id : template.resourcesOfType("AWS::Serverless::Function").keySet()) {
            if (!resolver.conditionHolds(template.resources().get(id))) continue;
            String handler = options.handlers.getOrDefault(id, String.valueOf(template.functionProperty(id, "Handler")));
            Duration timeout = options.timeouts.getOrDefault(id,
                    Duration.ofSeconds(Long.parseLong(String.valueOf(template.functionProperty(id, "Timeout")))));
            int memory = options.memory.getOrDefault(id, Integer.parseInt(String.valueOf(template.functionProperty(id, "MemorySize"))));
            boolean snapStart = "PublishedVersions".equals(String.valueOf(
                    SamTemplate.map(template.functionProperty(id, "SnapStart")).get("ApplyOn")));
            List<Path> addedClasses = new ArrayList<>(options.extraClasses);
            addedClasses.addAll(options.handlerClasses.getOrDefault(id, List.of()));
            TaskRoot.Held heldRoot = TaskRoot.hold(options.projectRoot.resolve(String.valueOf(template.properties(id).get("CodeUri"))),
                    addedClasses, lambdaDir);
            running.add(heldRoot); // closed after the function's environments, which run in it
            Path taskRoot = heldRoot.path();
            IamGateway.Principal principal = iam.register(id, roleOf(id, template, policies, options.iam));
            Map<String, String> environment = lambdaEnvironment(id, handler, memory, snapStart, taskRoot, region, principal);
            environment.putAll(template.environment(id, resolver::resolve));
            options.runnerEnvironment.forEach((name, value) -> {
                if (SOURCE_SETTINGS.matcher(name).matches()) environment.put(name, value);
            });
            environment.putAll(options.functionSettings);
            environment.put(AwsClients.ENDPOINT, iam.endpoint()); // the one setting Lambda does not have: every call goes through IAM
            environment.put(AwsClients.S3_ENDPOINT, s3Gateway.endpoint());
            LocalFunction function = new LocalFunction(new LocalFunction.Config(id, handler, memory, timeout, snapStart,
                    Map.copyOf(environment), runtimeClasspath, options.functionOutput, traces, options.aotCache), options.maxEnvironments);
            functions.put(id, function);
            running.add(function);
        }

        Map<String, Map<String, ApiServer.Target>> routes = new LinkedHashMap<>();
        functions.forEach((id, function) -> events(template, id, "Api").forEach(event -> routes
                .computeIfAbsent(String.valueOf(event.get("Path")), p -> new LinkedHashMap<>())
                .put(String.valueOf(event.get("Method")).toUpperCase(Locale.ROOT), new ApiServer.Target(function,
                        !"NONE".equals(String.valueOf(map(event.get("Auth")).get("Authorizer")))))));
        api = new ApiServer(options.apiPort, routes, options.auth ? LocalAuthorizer.forProject(options.projectRoot) : null,
                ConsoleFiles.of(options.projectRoot), traces);
        running.add(api);

        StreamPositions positions = StreamPositions.beside(options.dbPath);
        functions.forEach((id, function) -> {
            for (Map.Entry<String, Object> event : map(template.properties(id).get("Events")).entrySet()) {
                Map<String, Object> e = map(event.getValue());
                if (!"DynamoDB".equals(e.get("Type"))) continue;
                Map<String, Object> properties = map(e.get("Properties"));
                String table = SamTemplate.referencedId(properties.get("Stream"));
                // Lambda's poller reads the stream with the function's role
                DynamoDbStreamsClient functionStreams = AwsClients.dynamoDbStreams(
                        Map.of(AwsClients.ENDPOINT, iam.endpoint(), "AWS_REGION", region)::get, Duration.ofSeconds(10),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(iam.principal(id).accessKeyId(), "local")));
                running.add(functionStreams);
                StreamPoller poller = new StreamPoller(mapping(id + "." + event.getKey(), function, streamArns.get(table),
                        properties, template, positions, options), functionStreams, options.pollInterval);
                pollers.add(poller);
                running.add(poller);
            }
        });
        if (options.prewarm) functions.values().forEach(LocalFunction::prewarm);
        if (options.s3AtStart) s3.emulator(); // a start that fails fails the runner's
    }

    /** Where the S3 emulator keeps its objects: beside --db-path (so they last as the jobs do), else a directory of this run's. */
    private static Path s3Root(Path dbPath) throws java.io.IOException {
        if (dbPath == null) {
            Path temporary = java.nio.file.Files.createTempDirectory("keyword-trend-s3-");
            temporary.toFile().deleteOnExit();
            return temporary;
        }
        // beside the database, in the directory --db-path named (which must exist: never created here)
        Path root = dbPath.toAbsolutePath().resolveSibling(dbPath.getFileName() + ".s3");
        if (!java.nio.file.Files.isDirectory(root)) java.nio.file.Files.createDirectory(root);
        return root;
    }

    /**
     * The function's execution role as template.yaml makes it, after the checks Lambda makes of it at deploy
     * (the event source mappings' and tracing's actions): a failed check stops the start, as it fails a deploy.
     */
    private static RolePolicy roleOf(String id, SamTemplate template, TemplatePolicies policies, boolean enforce) {
        try {
            RolePolicy role = policies.roleOf(id);
            for (DeployChecks.Finding finding : DeployChecks.of(template, policies, id, role)) {
                if (finding.fatal() && enforce) throw new LocalRunnerException("IAM: " + finding.message() + " (sam deploy would fail)");
                LOG.warn("IAM: {}", finding.message());
            }
            return role;
        } catch (IamException e) {
            throw new LocalRunnerException("IAM: " + e.getMessage());
        }
    }

    /** The variables Lambda sets for every function (reserved names), as documented for the java25 runtime. */
    private Map<String, String> lambdaEnvironment(String id, String handler, int memory, boolean snapStart, Path taskRoot,
                                                  String region, IamGateway.Principal principal) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.getParent().toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("AWS_LAMBDA_FUNCTION_NAME", id);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + id);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        // where the runner's collector listens (2000, the daemon's port, unless something else has it)
        env.put("AWS_XRAY_DAEMON_ADDRESS", traces.daemonAddress());
        env.put("_AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1");
        env.put("_AWS_XRAY_DAEMON_PORT", Integer.toString(traces.port()));
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        if (snapStart) {
            // a snapshot must not hold credentials: SnapStart functions only get the container endpoint
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.tokenFor(principal.accessKeyId()));
        } else {
            env.put("AWS_ACCESS_KEY_ID", principal.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("AWS_SESSION_TOKEN", "local");
        }
        return env;
    }

    /**
     * Stops everything with one clear message, instead of pollers and functions failing to reach
     * a store that is gone; {@link #stopped()} completes with the reason.
     */
    private void stop(String reason) {
        if (stopped.complete(reason)) {
            System.err.println("keyword-trend local: " + reason + "; stopping");
            close();
        }
    }

    /** Completes with the reason when the runner stopped by itself (its emulator died). */
    public java.util.concurrent.CompletableFuture<String> stopped() {
        return stopped;
    }

    public static LocalRunner start(Options options) throws Exception {
        return new LocalRunner(options);
    }

    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + api.port());
    }

    public String dynamoDbEndpoint() {
        return endpoint;
    }

    /** The emulator this runner started; empty with --dynamodb-endpoint. */
    public Optional<Dynoxide> dynoxide() {
        return Optional.ofNullable(dynoxide);
    }

    /** The endpoint that evaluates the functions' AWS calls against their roles: what it saw and refused. */
    public IamGateway iam() {
        return iam;
    }

    /** How many times the container credentials endpoint handed out credentials. */
    public int credentialsServed() {
        return credentials.served();
    }

    /** Stream polls that failed since the start, over every event source mapping (a load test expects none). */
    public int failedPolls() {
        return pollers.stream().mapToInt(StreamPoller::failedPolls).sum();
    }

    public Optional<LocalFunction> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }

    private StreamPoller.Mapping mapping(String name, LocalFunction function, String streamArn, Map<String, Object> properties,
                                         SamTemplate template, StreamPositions positions, Options options) {
        List<EventPattern> filters = new ArrayList<>();
        for (Object filter : list(map(properties.get("FilterCriteria")).get("Filters"))) {
            filters.add(EventPattern.parse(String.valueOf(map(filter).get("Pattern"))));
        }
        String queue = SamTemplate.referencedId(map(map(properties.get("DestinationConfig")).get("OnFailure")).get("Destination"));
        LocalFunction onFailure = queue == null ? null : functions.entrySet().stream()
                .filter(f -> events(template, f.getKey(), "SQS").stream()
                        .anyMatch(e -> queue.equals(SamTemplate.referencedId(e.get("Queue")))))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Object age = properties.get("MaximumRecordAgeInSeconds");
        return new StreamPoller.Mapping(name, function, streamArn,
                ShardIteratorType.fromValue(String.valueOf(properties.getOrDefault("StartingPosition", "TRIM_HORIZON"))),
                intOf(properties.get("BatchSize"), 100),
                intOf(properties.get("MaximumRetryAttempts"), 2),
                Boolean.parseBoolean(String.valueOf(properties.getOrDefault("BisectBatchOnFunctionError", "false"))),
                list(properties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                filters,
                age == null || intOf(age, -1) < 0 ? null : Duration.ofSeconds(intOf(age, -1)),
                onFailure, positions, maxReceiveCount(template, queue), options.onFailureRedelivery,
                Duration.ofSeconds(intOf(properties.get("MaximumBatchingWindowInSeconds"), 0)),
                options.parallelizationFactor != null ? options.parallelizationFactor : intOf(properties.get("ParallelizationFactor"), 1));
    }

    /** How often SQS hands out a message of {@code queue} before its dead-letter queue takes it. */
    private static int maxReceiveCount(SamTemplate template, String queue) {
        if (queue == null) return 1;
        return intOf(map(template.properties(queue).get("RedrivePolicy")).get("maxReceiveCount"), 3);
    }

    private static int intOf(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }

    private static List<Map<String, Object>> events(SamTemplate template, String functionId, String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        map(template.properties(functionId).get("Events")).values().forEach(e -> {
            if (type.equals(map(e).get("Type"))) found.add(map(map(e).get("Properties")));
        });
        return found;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (AutoCloseable closeable : running.reversed()) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing down: nothing left to do about it
            }
        }
    }

    /** The S3 emulator behind the runner's S3 gateway (tests freeze it), started if it was not. */
    public S3Emulator s3() {
        return s3.emulator();
    }

    /** local/run.sh's entry: {@link RunnerCommandLine}. */
    public static void main(String[] args) throws Exception {
        RunnerCommandLine.run(args);
    }
}
