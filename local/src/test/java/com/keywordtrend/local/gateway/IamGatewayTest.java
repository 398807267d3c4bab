package com.keywordtrend.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.gateway.IamGateway;
import com.keywordtrend.local.iam.Arns;
import com.keywordtrend.local.iam.Decision;
import com.keywordtrend.local.iam.RolePolicy;
import com.keywordtrend.local.iam.Statement;
import com.keywordtrend.store.AwsClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The IAM gateway in front of the real emulator, called with the SDK as the functions call it. */
class IamGatewayTest {
    static final Arns ARNS = new Arns("us-east-1", Arns.LOCAL_ACCOUNT);
    static Dynoxide dynoxide;
    static IamGateway gateway;
    static DynamoDbClient admin;
    static String streamArn;

    @BeforeAll
    static void start() throws Exception {
        dynoxide = Dynoxide.start(Path.of("..").toAbsolutePath().normalize(), 0, null, Duration.ofSeconds(20));
        admin = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, dynoxide.endpoint(), "AWS_REGION", "us-east-1")::get,
                Duration.ofSeconds(5), AwsClients.emulatorCredentials());
        for (String table : List.of("Jobs", "Cache")) {
            admin.createTable(r -> {
                r.tableName(table).billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                        .keySchema(k -> k.attributeName("id").keyType("HASH"));
                if (table.equals("Jobs")) r.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE));
            });
        }
        streamArn = admin.describeTable(r -> r.tableName("Jobs")).table().latestStreamArn();
        gateway = new IamGateway(dynoxide.endpoint(), ARNS, true);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (admin != null) admin.close();
        if (dynoxide != null) dynoxide.close();
    }

    static DynamoDbClient client(String function, Statement... statements) {
        IamGateway.Principal principal = gateway.register(function, new RolePolicy(function + "Role", List.of(statements)));
        return AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, gateway.endpoint(), "AWS_REGION", "us-east-1")::get, Duration.ofSeconds(5),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(principal.accessKeyId(), "any")));
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    @Test
    void an_allowed_call_reaches_the_store_and_a_refused_one_is_access_denied_with_iams_message() {
        DynamoDbClient writer = client("Writer", Statement.allow(List.of("dynamodb:PutItem", "dynamodb:Get*"), List.of(ARNS.table("Jobs")), "test"));
        writer.putItem(r -> r.tableName("Jobs").item(key("a")));
        assertEquals("a", writer.getItem(r -> r.tableName("Jobs").key(key("a"))).item().get("id").s());
        DynamoDbException denied = assertThrows(DynamoDbException.class, () -> writer.deleteItem(r -> r.tableName("Jobs").key(key("a"))));
        assertEquals(400, denied.statusCode());
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertEquals("User: arn:aws:sts::000000000000:assumed-role/WriterRole/Writer is not authorized to perform: dynamodb:DeleteItem "
                + "on resource: arn:aws:dynamodb:us-east-1:000000000000:table/Jobs because no identity-based policy allows the "
                + "dynamodb:DeleteItem action", denied.awsErrorDetails().errorMessage());
        assertTrue(admin.getItem(r -> r.tableName("Jobs").key(key("a"))).hasItem(), "the refused delete never reached the store");
        assertThrows(DynamoDbException.class, () -> writer.putItem(r -> r.tableName("Cache").item(key("a"))), "another table");
    }

    @Test
    void a_batch_is_checked_on_every_table_it_names() {
        DynamoDbClient reader = client("BatchReader", Statement.allow(List.of("dynamodb:BatchGetItem"), List.of(ARNS.table("Jobs")), "test"));
        reader.batchGetItem(r -> r.requestItems(Map.of("Jobs", KeysAndAttributes.builder().keys(key("x")).build())));
        DynamoDbException denied = assertThrows(DynamoDbException.class, () -> reader.batchGetItem(r -> r.requestItems(Map.of(
                "Jobs", KeysAndAttributes.builder().keys(key("x")).build(), "Cache", KeysAndAttributes.builder().keys(key("x")).build()))));
        assertTrue(denied.awsErrorDetails().errorMessage().contains("dynamodb:BatchGetItem on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/Cache"), denied.getMessage());
    }

    @Test
    void a_transaction_is_checked_item_by_item_with_each_items_own_action() {
        DynamoDbClient client = client("Transactor", Statement.allow(List.of("dynamodb:PutItem", "dynamodb:UpdateItem"),
                List.of(ARNS.table("Jobs")), "test"), Statement.allow(List.of("dynamodb:PutItem"), List.of(ARNS.table("Cache")), "test"));
        DynamoDbException denied = assertThrows(DynamoDbException.class, () -> client.transactWriteItems(r -> r.transactItems(
                t -> t.put(p -> p.tableName("Jobs").item(key("t1"))),
                t -> t.update(u -> u.tableName("Cache").key(key("t1")).updateExpression("SET n = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))))));
        assertTrue(denied.awsErrorDetails().errorMessage().contains("dynamodb:UpdateItem on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/Cache"), denied.getMessage());
        assertTrue(!admin.getItem(r -> r.tableName("Jobs").key(key("t1"))).hasItem(), "no part of a refused transaction is written");
    }

    @Test
    void deny_wins_over_allow_and_not_action_and_index_resources_are_read_as_iam_reads_them() {
        DynamoDbClient client = client("Mixed",
                new Statement(true, List.of(), List.of("dynamodb:DeleteItem"), List.of(ARNS.table("Jobs") + "*"), List.of(), "test"),
                new Statement(false, List.of("dynamodb:Update?tem"), List.of(), List.of("*"), List.of(), "test"));
        client.putItem(r -> r.tableName("Jobs").item(key("b")));
        DynamoDbException explicit = assertThrows(DynamoDbException.class, () -> client.updateItem(r -> r.tableName("Jobs").key(key("b"))
                .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))));
        assertTrue(explicit.awsErrorDetails().errorMessage().endsWith("with an explicit deny in an identity-based policy"), explicit.getMessage());
        assertThrows(DynamoDbException.class, () -> client.deleteItem(r -> r.tableName("Jobs").key(key("b"))), "NotAction leaves it out");
        assertEquals(Decision.ALLOWED, gateway.principal("Mixed").role().decide("dynamodb:Query", ARNS.table("Jobs") + "/index/by-owner"));
    }

    @Test
    void stream_reads_are_authorized_on_the_stream_even_for_get_records_which_names_only_an_iterator() {
        IamGateway.Principal reader = gateway.register("StreamReader", new RolePolicy("StreamReaderRole", List.of(Statement.allow(
                List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"), List.of(ARNS.table("Jobs") + "/stream/*"), "test"))));
        IamGateway.Principal other = gateway.register("OtherReader", new RolePolicy("OtherReaderRole", List.of(Statement.allow(
                List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator"), List.of(ARNS.table("Jobs") + "/stream/*"), "test"))));
        admin.putItem(r -> r.tableName("Jobs").item(key("streamed")));
        try (DynamoDbStreamsClient streams = streams(reader); DynamoDbStreamsClient others = streams(other)) {
            String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().getFirst().shardId();
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            var page = streams.getRecords(r -> r.shardIterator(iterator));
            assertTrue(page.records().stream().anyMatch(rec -> rec.dynamodb().keys().get("id").s().equals("streamed")));
            String next = page.nextShardIterator();
            streams.getRecords(r -> r.shardIterator(next)); // the iterator a read hands back is known too
            String theirs = others.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            DynamoDbException denied = assertThrows(DynamoDbException.class, () -> others.getRecords(r -> r.shardIterator(theirs)));
            assertTrue(denied.awsErrorDetails().errorMessage().contains("dynamodb:GetRecords on resource: "
                    + ARNS.canonicalStream(streamArn)), denied.getMessage());
        }
        assertTrue(gateway.calls().stream().noneMatch(c -> c.resource().equals("null")), "every stream read was tied to its stream");
    }

    static DynamoDbStreamsClient streams(IamGateway.Principal principal) {
        return AwsClients.dynamoDbStreams(Map.of(AwsClients.ENDPOINT, gateway.endpoint(), "AWS_REGION", "us-east-1")::get,
                Duration.ofSeconds(5), StaticCredentialsProvider.create(AwsBasicCredentials.create(principal.accessKeyId(), "any")));
    }

    @Test
    void a_call_signed_with_credentials_the_runner_never_handed_out_is_refused() {
        try (DynamoDbClient stranger = AwsClients.dynamoDb(Map.of(AwsClients.ENDPOINT, gateway.endpoint(), "AWS_REGION", "us-east-1")::get,
                Duration.ofSeconds(5), AwsClients.emulatorCredentials())) {
            DynamoDbException refused = assertThrows(DynamoDbException.class, () -> stranger.listTables());
            assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
        }
    }
}
