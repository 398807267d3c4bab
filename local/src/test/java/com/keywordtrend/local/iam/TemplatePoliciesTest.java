package com.keywordtrend.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.iam.Arns;
import com.keywordtrend.local.iam.Decision;
import com.keywordtrend.local.iam.DeployChecks;
import com.keywordtrend.local.iam.IamException;
import com.keywordtrend.local.iam.RolePolicy;
import com.keywordtrend.local.iam.TemplatePolicies;
import com.keywordtrend.local.template.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function's role read from a template as SAM and IAM make it: generated roles, policy templates, managed policies. */
class TemplatePoliciesTest {
    static final Arns ARNS = new Arns("us-east-1", Arns.LOCAL_ACCOUNT);

    @TempDir
    Path dir;

    TemplatePolicies policies(String resources) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Transform: AWS::Serverless-2016-10-31
                Parameters:
                  TableName: {Type: String, Default: Orders}
                Globals:
                  Function:
                    Tracing: Active
                Resources:
                  Items:
                    Type: AWS::DynamoDB::Table
                  Inbox:
                    Type: AWS::SQS::Queue
                """ + resources);
        return new TemplatePolicies(SamTemplate.load(file), ARNS,
                name -> name.equals("TableName") ? "Orders" : null, Map.of("Items", "2026-12-06T00:00:00.000"));
    }

    @Test
    void a_generated_role_has_what_sam_attaches_policy_templates_expanded_and_its_events_grants() throws Exception {
        TemplatePolicies policies = policies("""
                  Worker:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - DynamoDBReadPolicy: {TableName: !Ref Items}
                        - SQSSendMessagePolicy: {QueueName: !GetAtt Inbox.QueueName}
                        - Statement:
                            - Effect: Deny
                              Action: dynamodb:Scan
                              Resource: "*"
                      Events:
                        Queue:
                          Type: SQS
                          Properties: {Queue: !GetAtt Inbox.Arn}
                """);
        RolePolicy role = policies.roleOf("Worker");
        assertEquals("WorkerRole", role.roleName());
        assertEquals(Decision.ALLOWED, role.decide("dynamodb:GetItem", ARNS.table("Items")));
        assertEquals(Decision.ALLOWED, role.decide("dynamodb:Query", ARNS.table("Items") + "/index/by-date"));
        assertEquals(Decision.EXPLICIT_DENY, role.decide("dynamodb:Scan", ARNS.table("Items")), "Deny over the template's Allow");
        assertEquals(Decision.IMPLICIT_DENY, role.decide("dynamodb:PutItem", ARNS.table("Items")), "a read policy");
        assertEquals(Decision.IMPLICIT_DENY, role.decide("dynamodb:GetItem", ARNS.table("Orders")), "another table");
        assertEquals(Decision.ALLOWED, role.decide("sqs:SendMessageBatch", ARNS.queue("Inbox")), "SendMessage* of the template");
        assertEquals(Decision.ALLOWED, role.decide("sqs:ReceiveMessage", ARNS.queue("Inbox")), "SAM's SQS poller grant");
        assertEquals(Decision.ALLOWED, role.decide("xray:PutTraceSegments", "*"), "active tracing");
        assertEquals(Decision.ALLOWED, role.decide("logs:PutLogEvents", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/Worker:*"));
    }

    @Test
    void a_declared_role_gets_nothing_added_and_its_mapping_must_be_able_to_read_its_stream() throws Exception {
        String template = """
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
                      Policies:
                        - PolicyName: items
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                NotAction: [dynamodb:DeleteItem, dynamodb:DescribeStream]
                                Resource: [!GetAtt Items.Arn, !GetAtt Items.StreamArn, !Sub "${Items.Arn}/stream/*"]
                              - Effect: Allow
                                Action: xray:Put*
                                Resource: "*"
                  Reader:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: !GetAtt Role.Arn
                      Events:
                        Stream:
                          Type: DynamoDB
                          Properties: {Stream: !GetAtt Items.StreamArn, StartingPosition: LATEST}
                """;
        TemplatePolicies policies = policies(template);
        RolePolicy role = policies.roleOf("Reader");
        assertEquals("Role", role.roleName());
        assertEquals(Decision.ALLOWED, role.decide("dynamodb:UpdateItem", ARNS.table("Items")), "NotAction allows the rest");
        assertEquals(Decision.IMPLICIT_DENY, role.decide("dynamodb:DeleteItem", ARNS.table("Items")));
        assertEquals(Decision.IMPLICIT_DENY, role.decide("sqs:ReceiveMessage", ARNS.queue("Inbox")), "nothing of SAM's is added");
        var findings = DeployChecks.of(SamTemplate.load(dir.resolve("template.yaml")), policies, "Reader");
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.getFirst().fatal());
        assertTrue(findings.getFirst().message().startsWith("Reader.Stream: Cannot access stream " + ARNS.stream("Items", "2026-12-06T00:00:00.000")),
                findings.getFirst().message());
    }

    @Test
    void what_the_runner_cannot_evaluate_faithfully_refuses_the_start() throws Exception {
        IamException condition = assertThrows(IamException.class, () -> policies("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - Statement:
                            - Effect: Allow
                              Action: dynamodb:GetItem
                              Resource: "*"
                              Condition: {StringEquals: {"aws:RequestedRegion": us-east-1}}
                """).roleOf("Fn"));
        assertTrue(condition.getMessage().contains("Condition"), condition.getMessage());
        IamException outside = assertThrows(IamException.class, () -> policies("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: arn:aws:iam::123456789012:role/elsewhere
                """).roleOf("Fn"));
        assertTrue(outside.getMessage().contains("not an AWS::IAM::Role of the template"), outside.getMessage());
        IamException unknown = assertThrows(IamException.class, () -> policies("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies: [{KinesisCrudPolicy: {StreamName: s}}, AmazonDynamoDBFullAccess]
                """).roleOf("Fn"));
        assertTrue(unknown.getMessage().contains("KinesisCrudPolicy is not known to the runner"), unknown.getMessage());
        IamException noAction = assertThrows(IamException.class, () -> policies("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - Statement: [{Effect: Allow, Resource: "*"}]
                """).roleOf("Fn"));
        assertTrue(noAction.getMessage().contains("needs one of Action and NotAction"), noAction.getMessage());
    }
}
