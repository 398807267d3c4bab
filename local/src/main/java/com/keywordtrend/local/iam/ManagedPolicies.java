package com.keywordtrend.local.iam;

import java.util.List;
import java.util.Map;

/**
 * The AWS managed policies a template may attach (by name or by ARN), as AWS publishes their documents
 * (IAM console, "AWS managed policies"): those SAM attaches to the roles it generates and those a
 * serverless template commonly names. A policy not listed here refuses the runner's start: evaluating
 * a role without it would be a guess.
 */
final class ManagedPolicies {
    private static final List<String> LOGS = List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");

    private static final Map<String, List<Statement>> POLICIES = Map.of(
            "AWSLambdaBasicExecutionRole", List.of(
                    Statement.allow(LOGS, List.of("*"), "AWSLambdaBasicExecutionRole")),
            "AWSLambdaDynamoDBExecutionRole", List.of(
                    Statement.allow(concat(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                            "dynamodb:GetShardIterator", "dynamodb:ListStreams"), LOGS), List.of("*"), "AWSLambdaDynamoDBExecutionRole")),
            "AWSLambdaSQSQueueExecutionRole", List.of(
                    Statement.allow(concat(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), LOGS),
                            List.of("*"), "AWSLambdaSQSQueueExecutionRole")),
            "AWSXrayWriteOnlyAccess", List.of(
                    Statement.allow(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                            "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"), List.of("*"), "AWSXrayWriteOnlyAccess")),
            "AWSXRayDaemonWriteAccess", List.of(
                    Statement.allow(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                            "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"), List.of("*"), "AWSXRayDaemonWriteAccess")));

    private ManagedPolicies() {
    }

    /** Whether {@code name} is one of the AWS managed policies listed here (a statement's origin says which policy it is of). */
    static boolean isNamed(String name) {
        return POLICIES.containsKey(name);
    }

    /**
     * The statements of a managed policy named by name ({@code AWSLambdaBasicExecutionRole}) or ARN
     * ({@code arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole}).
     */
    static List<Statement> named(String nameOrArn) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        if (nameOrArn.startsWith("arn:") && !nameOrArn.contains(":iam::aws:policy/")) {
            throw new IamException("the managed policy " + nameOrArn + " is not an AWS managed policy; the runner cannot read "
                    + "a customer managed policy: write its statements in the template");
        }
        List<Statement> statements = POLICIES.get(name);
        if (statements == null) {
            throw new IamException("the AWS managed policy " + name + " is not known to the runner (it knows "
                    + String.join(", ", POLICIES.keySet().stream().sorted().toList())
                    + "); add its document to local/.../iam/ManagedPolicies.java or use a policy template");
        }
        return statements;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
