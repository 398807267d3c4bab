package com.keywordtrend.local.iam;

import static com.keywordtrend.local.template.SamTemplate.map;

import com.keywordtrend.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Lambda checks of a function's role when CloudFormation creates the function and its event
 * source mappings, before any invocation: the mapping reads its stream or queue and sends to its
 * on-failure destination with the function's role, and active tracing needs X-Ray's write actions.
 * A missing grant fails the deploy in AWS, so it stops the runner's start; a role that cannot write
 * logs only loses them, so that is a warning.
 */
public final class DeployChecks {
    /** One finding: {@code fatal} ones fail a deploy in AWS. */
    public record Finding(boolean fatal, String message) {
    }

    private static final List<String> STREAM_ACTIONS = List.of("dynamodb:GetRecords", "dynamodb:GetShardIterator",
            "dynamodb:DescribeStream", "dynamodb:ListStreams");
    private static final List<String> QUEUE_ACTIONS = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    private static final List<String> XRAY_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");
    private static final List<String> LOG_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

    private DeployChecks() {
    }

    public static List<Finding> of(SamTemplate template, TemplatePolicies policies, String functionId) {
        return of(template, policies, functionId, policies.roleOf(functionId));
    }

    /** The checks of {@code functionId}'s mappings and tracing against {@code role} (tests try roles with a grant removed). */
    public static List<Finding> of(SamTemplate template, TemplatePolicies policies, String functionId, RolePolicy role) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Object> event : map(template.properties(functionId).get("Events")).entrySet()) {
            Map<String, Object> e = map(event.getValue());
            Map<String, Object> p = map(e.get("Properties"));
            String mapping = functionId + "." + event.getKey();
            if ("DynamoDB".equals(e.get("Type"))) {
                String stream = policies.resolve(p.get("Stream"));
                if (!allAllowed(role, STREAM_ACTIONS, stream)) {
                    findings.add(new Finding(true, mapping + ": Cannot access stream " + stream + ". Please ensure the role can perform "
                            + "the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM."));
                }
            }
            if ("SQS".equals(e.get("Type"))) {
                String queue = policies.arns().queue(SamTemplate.referencedId(p.get("Queue")));
                for (String action : QUEUE_ACTIONS) {
                    if (!role.decide(action, queue).allowed()) {
                        findings.add(new Finding(true, mapping + ": The provided execution role does not have permissions to call "
                                + action.substring(4) + " on SQS (" + queue + ")"));
                    }
                }
            }
            Map<String, Object> onFailure = map(map(p.get("DestinationConfig")).get("OnFailure"));
            if ("SQS".equals(onFailure.get("Type"))) {
                String queue = policies.resolve(onFailure.get("Destination"));
                if (!role.decide("sqs:SendMessage", queue).allowed()) {
                    findings.add(new Finding(true, mapping + ": The function execution role does not have permissions to call "
                            + "SendMessage on " + queue));
                }
            }
        }
        if ("Active".equals(String.valueOf(template.functionProperty(functionId, "Tracing"))) && !allAllowed(role, XRAY_ACTIONS, "*")) {
            findings.add(new Finding(true, functionId + ": The provided execution role does not have permissions to call "
                    + "PutTraceSegments on XRAY"));
        }
        String logGroup = "arn:aws:logs:" + policies.arns().region() + ":" + policies.arns().account() + ":log-group:/aws/lambda/"
                + functionId + ":log-stream:x";
        if (!allAllowed(role, LOG_ACTIONS, logGroup)) {
            findings.add(new Finding(false, functionId + ": its role may not write CloudWatch Logs (logs:CreateLogStream, "
                    + "logs:PutLogEvents): in AWS its logs would be lost"));
        }
        return findings;
    }

    private static boolean allAllowed(RolePolicy role, List<String> actions, String resource) {
        return actions.stream().allMatch(a -> role.decide(a, resource).allowed());
    }
}
