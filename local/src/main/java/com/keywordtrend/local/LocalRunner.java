package com.keywordtrend.local;

import static com.keywordtrend.local.SamTemplate.list;
import static com.keywordtrend.local.SamTemplate.map;

import com.keywordtrend.model.AwsClients;
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
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole pipeline on one machine, read from template.yaml: Dynoxide (or a DynamoDB endpoint
 * you name), the template's tables, its API routes on 127.0.0.1, and a poller per stream mapping
 * that invokes the processors in process. The same handlers, repository and SDK calls as in AWS;
 * only the endpoint differs.
 */
public final class LocalRunner implements AutoCloseable {

    /** Creates a function's handler; tests swap in handlers built around test engines. */
    @FunctionalInterface
    public interface HandlerFactory {
        Object create(String logicalId, String handlerClass) throws Exception;

        HandlerFactory REFLECTIVE = (id, className) -> Class.forName(className).getDeclaredConstructor().newInstance();
    }

    public static final class Options {
        Path projectRoot = Path.of("").toAbsolutePath();
        int apiPort = 3000;
        int dynamoDbPort = 0;
        Path dbPath;
        String dynamoDbEndpoint;
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, Duration> timeouts = new LinkedHashMap<>();
        HandlerFactory handlers = HandlerFactory.REFLECTIVE;
        Duration pollInterval = Duration.ofMillis(100);

        public Options projectRoot(Path root) { this.projectRoot = root; return this; }
        public Options apiPort(int port) { this.apiPort = port; return this; }
        public Options dynamoDbPort(int port) { this.dynamoDbPort = port; return this; }
        public Options dbPath(Path path) { this.dbPath = path; return this; }
        public Options dynamoDbEndpoint(String endpoint) { this.dynamoDbEndpoint = endpoint; return this; }
        public Options parameter(String name, String value) { parameters.put(name, value); return this; }
        /** Overrides a function's Timeout, e.g. to see a processor time out in a test. */
        public Options timeout(String logicalId, Duration timeout) { timeouts.put(logicalId, timeout); return this; }
        public Options handlers(HandlerFactory factory) { this.handlers = factory; return this; }
        public Options pollInterval(Duration interval) { this.pollInterval = interval; return this; }
    }

    private final List<AutoCloseable> running = new ArrayList<>();
    private String endpoint;
    private ApiServer api;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();

    private LocalRunner(Options options) throws Exception {
        try {
            startAll(options);
        } catch (Exception | Error e) {
            close(); // an emulator already started must not outlive a failed start
            throw e;
        }
    }

    private void startAll(Options options) throws Exception {
        SamTemplate template = SamTemplate.load(options.projectRoot.resolve("template.yaml"));
        if (options.apiPort != 0) Dynoxide.requireFree(options.apiPort, "--port"); // fail before starting anything
        if (options.dynamoDbEndpoint != null) {
            endpoint = options.dynamoDbEndpoint;
        } else {
            Dynoxide dynoxide = Dynoxide.start(options.projectRoot, options.dynamoDbPort, options.dbPath, Duration.ofSeconds(20));
            running.add(dynoxide);
            endpoint = dynoxide.endpoint();
        }
        System.setProperty(AwsClients.ENDPOINT, endpoint);
        System.setProperty("AWS_REGION", System.getProperty("AWS_REGION", "us-east-1"));

        DynamoDbClient dynamoDb = AwsClients.dynamoDb(System::getProperty, Duration.ofSeconds(10));
        DynamoDbStreamsClient streams = AwsClients.dynamoDbStreams(System::getProperty, Duration.ofSeconds(10));
        running.add(dynamoDb);
        running.add(streams);
        Map<String, String> streamArns = createTables(template, dynamoDb);

        Resolver resolver = new Resolver(template, options.parameters);
        for (String id : template.resourcesOfType("AWS::Serverless::Function").keySet()) {
            if (!resolver.conditionHolds(template.resources().get(id))) continue;
            template.environment(id, resolver::resolve).forEach(System::setProperty);
            String handlerClass = String.valueOf(template.functionProperty(id, "Handler")).split("::")[0];
            Duration timeout = options.timeouts.getOrDefault(id,
                    Duration.ofSeconds(Long.parseLong(String.valueOf(template.functionProperty(id, "Timeout")))));
            int memory = Integer.parseInt(String.valueOf(template.functionProperty(id, "MemorySize")));
            functions.put(id, new LocalFunction(id, options.handlers.create(id, handlerClass), timeout, memory));
        }

        Map<String, Map<String, LocalFunction>> routes = new LinkedHashMap<>();
        functions.forEach((id, function) -> events(template, id, "Api").forEach(event -> routes
                .computeIfAbsent(String.valueOf(event.get("Path")), p -> new LinkedHashMap<>())
                .put(String.valueOf(event.get("Method")).toUpperCase(Locale.ROOT), function)));
        api = new ApiServer(options.apiPort, routes);
        running.add(api);

        functions.forEach((id, function) -> {
            for (Map.Entry<String, Object> event : map(template.properties(id).get("Events")).entrySet()) {
                Map<String, Object> e = map(event.getValue());
                if (!"DynamoDB".equals(e.get("Type"))) continue;
                Map<String, Object> properties = map(e.get("Properties"));
                String table = SamTemplate.referencedId(properties.get("Stream"));
                running.add(new StreamPoller(mapping(id + "." + event.getKey(), function, streamArns.get(table),
                        properties, template), streams, options.pollInterval));
            }
        });
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

    public Optional<LocalFunction> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }

    private StreamPoller.Mapping mapping(String name, LocalFunction function, String streamArn,
                                         Map<String, Object> properties, SamTemplate template) {
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
                onFailure);
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

    /** Creates each table of the template (if absent) and returns its stream ARN by logical id. */
    private static Map<String, String> createTables(SamTemplate template, DynamoDbClient dynamoDb) {
        Map<String, String> streamArns = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").forEach((id, resource) -> {
            Map<String, Object> p = template.properties(id);
            try {
                dynamoDb.createTable(r -> {
                    r.tableName(id).billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(list(p.get("AttributeDefinitions")).stream().map(a -> AttributeDefinition.builder()
                                    .attributeName(String.valueOf(map(a).get("AttributeName")))
                                    .attributeType(String.valueOf(map(a).get("AttributeType"))).build()).toList())
                            .keySchema(list(p.get("KeySchema")).stream().map(k -> KeySchemaElement.builder()
                                    .attributeName(String.valueOf(map(k).get("AttributeName")))
                                    .keyType(String.valueOf(map(k).get("KeyType"))).build()).toList());
                    Object viewType = map(p.get("StreamSpecification")).get("StreamViewType");
                    if (viewType != null) {
                        r.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.fromValue(String.valueOf(viewType))));
                    }
                });
            } catch (ResourceInUseException e) {
                // kept from an earlier run (--db-path)
            }
            Object ttl = map(p.get("TimeToLiveSpecification")).get("AttributeName");
            if (ttl != null) {
                try {
                    dynamoDb.updateTimeToLive(r -> r.tableName(id).timeToLiveSpecification(t -> t.attributeName(String.valueOf(ttl)).enabled(true)));
                } catch (RuntimeException e) {
                    // already enabled, or not supported by this endpoint: TTL only deletes in AWS anyway
                }
            }
            streamArns.put(id, dynamoDb.describeTable(r -> r.tableName(id)).table().latestStreamArn());
        });
        return streamArns;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : running.reversed()) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing down: nothing left to do about it
            }
        }
    }

    /** Resolves !Ref/!Sub/!GetAtt of the template for the local run: parameters, then local names. */
    private static final class Resolver {
        private final SamTemplate template;
        private final Map<String, String> overrides;

        Resolver(SamTemplate template, Map<String, String> overrides) {
            this.template = template;
            this.overrides = overrides;
        }

        String resolve(Object value) {
            if (value instanceof Map<?, ?> m) {
                if (m.get("Ref") instanceof String ref) return ref(ref);
                if (m.get("Fn::Sub") instanceof String sub) {
                    var matcher = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(sub);
                    return matcher.replaceAll(r -> java.util.regex.Matcher.quoteReplacement(ref(r.group(1))));
                }
                if (m.containsKey("Fn::GetAtt")) return "arn:local:" + SamTemplate.referencedId(value);
                throw new LocalRunnerException("template value not supported locally: " + value);
            }
            return String.valueOf(value);
        }

        private String ref(String name) {
            if (overrides.containsKey(name)) return overrides.get(name);
            Map<String, Object> parameter = map(template.parameters().get(name));
            if (!parameter.isEmpty()) return String.valueOf(parameter.getOrDefault("Default", ""));
            if (name.equals("AWS::Region")) return System.getProperty("AWS_REGION", "us-east-1");
            return name; // a resource: its local physical name is its logical id
        }

        boolean conditionHolds(Object resource) {
            Object condition = map(resource).get("Condition");
            if (condition == null) return true;
            Map<String, Object> definition = map(map(template.root().get("Conditions")).get(String.valueOf(condition)));
            // the template's only condition form: !Not [!Equals [!Ref Param, ""]]
            Object not = definition.get("Fn::Not");
            Object equals = map(list(not).isEmpty() ? null : list(not).getFirst()).get("Fn::Equals");
            List<Object> operands = list(equals);
            if (operands.size() != 2) throw new LocalRunnerException("condition " + condition + " is not supported locally");
            return !resolve(operands.get(0)).equals(resolve(operands.get(1)));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> options.apiPort(Integer.parseInt(value(args, ++i, arg)));
                    case "--dynamodb-port" -> options.dynamoDbPort(Integer.parseInt(value(args, ++i, arg)));
                    case "--db-path" -> options.dbPath(Path.of(value(args, ++i, arg)));
                    case "--dynamodb-endpoint" -> options.dynamoDbEndpoint(value(args, ++i, arg));
                    case "--project" -> options.projectRoot(Path.of(value(args, ++i, arg)).toAbsolutePath());
                    case "--offline" -> options.parameter("SourcesOffline", "true");
                    case "--param" -> {
                        String[] kv = value(args, ++i, arg).split("=", 2);
                        if (kv.length != 2) throw new LocalRunnerException("--param takes Name=Value");
                        options.parameter(kv[0], kv[1]);
                    }
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new LocalRunnerException("unknown option " + arg + "\n" + USAGE);
                }
            }
            if (!Files.exists(options.projectRoot.resolve("template.yaml"))) {
                throw new LocalRunnerException("no template.yaml in " + options.projectRoot + ": run from the project root or pass --project");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            LocalRunner runner = start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.println("keyword-trend local: shutting down");
                runner.close();
                stopped.countDown();
            }));
            System.err.println("keyword-trend local: API on " + runner.apiBase() + " (POST /orchestrate, POST /trends), DynamoDB on "
                    + runner.dynamoDbEndpoint() + "; Ctrl-C stops");
            stopped.await();
        } catch (LocalRunnerException | NumberFormatException e) {
            System.err.println("keyword-trend local: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("keyword-trend local: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new LocalRunnerException(option + " needs a value");
        return args[i];
    }

    static final String USAGE = """
            usage: local [--port 3000] [--db-path FILE] [--dynamodb-port N] [--dynamodb-endpoint URL]
                         [--offline] [--param Name=Value] [--project DIR]
              --port               API port on 127.0.0.1 (default 3000)
              --db-path            keep the emulator's data in FILE across runs (default: in memory)
              --dynamodb-port      emulator port (default: a free one)
              --dynamodb-endpoint  use this DynamoDB endpoint instead of starting the emulator
              --offline            no outbound calls: lexical keywords, trends from series_csv only
              --param              override a template parameter, e.g. AllowedOrigin=http://localhost:5173""";
}
