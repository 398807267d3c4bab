package com.keywordtrend.local.iam;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * AWS SAM's policy templates ({@code - DynamoDBCrudPolicy: {TableName: !Ref T}} in a function's
 * Policies), expanded as SAM expands them: the actions and resource ARNs of SAM's published
 * policy_templates.json for each template listed. A template not listed refuses the runner's start.
 */
final class PolicyTemplates {
    /** One template: its actions per statement, and each statement's resources from the parameters. */
    private record Template(List<List<String>> actions, List<Function<Params, List<String>>> resources) {
    }

    /** A template's parameters, resolved, and the ARN builder for the runner's region and account. */
    record Params(Map<String, String> values, Arns arns) {
        String get(String name) {
            String value = values.get(name);
            if (value == null) throw new IamException("policy template parameter " + name + " is missing");
            return value;
        }
    }

    private static final List<String> DYNAMODB_CRUD = List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
            "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
            "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem");
    private static final List<String> DYNAMODB_READ = List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
            "dynamodb:BatchGetItem", "dynamodb:DescribeTable");
    private static final List<String> DYNAMODB_WRITE = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:BatchWriteItem");
    private static final List<String> S3_READ = List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation",
            "s3:GetObjectVersion", "s3:GetLifecycleConfiguration");
    private static final List<String> S3_WRITE = List.of("s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration");

    private static List<String> tableAndIndexes(Params p) {
        String table = p.arns().table(p.get("TableName"));
        return List.of(table, table + "/index/*");
    }

    private static List<String> bucketAndObjects(Params p) {
        String bucket = p.arns().bucket(p.get("BucketName"));
        return List.of(bucket, bucket + "/*");
    }

    private static final Map<String, Template> TEMPLATES = Map.of(
            "DynamoDBCrudPolicy", new Template(List.of(DYNAMODB_CRUD), List.of(PolicyTemplates::tableAndIndexes)),
            "DynamoDBReadPolicy", new Template(List.of(DYNAMODB_READ), List.of(PolicyTemplates::tableAndIndexes)),
            "DynamoDBWritePolicy", new Template(List.of(DYNAMODB_WRITE), List.of(PolicyTemplates::tableAndIndexes)),
            "DynamoDBStreamReadPolicy", new Template(
                    List.of(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                            List.of("dynamodb:ListStreams")),
                    List.of(p -> List.of(p.arns().table(p.get("TableName")) + "/stream/" + p.get("StreamName")),
                            p -> List.of(p.arns().table(p.get("TableName")) + "/stream/*"))),
            "SQSSendMessagePolicy", new Template(List.of(List.of("sqs:SendMessage*")),
                    List.of(p -> List.of(p.arns().queue(p.get("QueueName"))))),
            "SQSPollerPolicy", new Template(List.of(List.of("sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch",
                    "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")),
                    List.of(p -> List.of(p.arns().queue(p.get("QueueName"))))),
            "S3ReadPolicy", new Template(List.of(S3_READ), List.of(PolicyTemplates::bucketAndObjects)),
            "S3WritePolicy", new Template(List.of(S3_WRITE), List.of(PolicyTemplates::bucketAndObjects)),
            "S3CrudPolicy", new Template(List.of(java.util.stream.Stream.concat(S3_READ.stream(),
                    java.util.stream.Stream.concat(S3_WRITE.stream(), java.util.stream.Stream.of("s3:DeleteObject"))).toList()),
                    List.of(PolicyTemplates::bucketAndObjects)),
            "AWSSecretsManagerGetSecretValuePolicy", new Template(List.of(List.of("secretsmanager:GetSecretValue")),
                    List.of(p -> List.of(p.get("SecretArn")))));

    private PolicyTemplates() {
    }

    static boolean known(String name) {
        return TEMPLATES.containsKey(name);
    }

    static List<Statement> expand(String name, Params params) {
        Template template = TEMPLATES.get(name);
        if (template == null) {
            throw new IamException("the SAM policy template " + name + " is not known to the runner (it knows "
                    + String.join(", ", TEMPLATES.keySet().stream().sorted().toList()) + ")");
        }
        List<Statement> statements = new java.util.ArrayList<>();
        for (int i = 0; i < template.actions().size(); i++) {
            statements.add(Statement.allow(template.actions().get(i), template.resources().get(i).apply(params), name));
        }
        return statements;
    }
}
