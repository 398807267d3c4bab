package com.keywordtrend.local.iam;

import static com.keywordtrend.local.template.SamTemplate.list;
import static com.keywordtrend.local.template.SamTemplate.map;

import com.keywordtrend.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * Each function's execution role as template.yaml makes it, read as IAM will evaluate it after
 * {@code sam deploy}:
 * <ul>
 *   <li>{@code Role: !GetAtt R.Arn} of an {@code AWS::IAM::Role} of the template: that role's inline
 *       {@code Policies} and its {@code ManagedPolicyArns}, nothing added (SAM leaves a given role alone);</li>
 *   <li>otherwise the role SAM generates ({@code <Function>Role}): AWSLambdaBasicExecutionRole,
 *       AWSXrayWriteOnlyAccess when tracing is active, the function's {@code Policies} (inline
 *       statements, SAM policy templates, managed policy names), and what SAM adds for its events
 *       (a DynamoDB stream: AWSLambdaDynamoDBExecutionRole; an SQS queue: AWSLambdaSQSQueueExecutionRole;
 *       an SQS on-failure destination: SQSSendMessagePolicy).</li>
 * </ul>
 * A statement with a {@code Condition}, a role outside the template, or a policy the runner does not
 * know refuses the start ({@link IamException}): never a silent allow.
 */
public final class TemplatePolicies {

    private final SamTemplate template;
    private final Arns arns;
    private final UnaryOperator<String> parameters;
    private final Map<String, String> streamLabels;

    /**
     * @param parameters   a template parameter's value (overrides, then defaults), null for a name that is not one
     * @param streamLabels each table's stream label (the part of its stream ARN after "/stream/"), by logical id
     */
    public TemplatePolicies(SamTemplate template, Arns arns, UnaryOperator<String> parameters, Map<String, String> streamLabels) {
        this.template = template;
        this.arns = arns;
        this.parameters = parameters;
        this.streamLabels = Map.copyOf(streamLabels);
    }

    Arns arns() {
        return arns;
    }

    /** The execution role of the function {@code functionId}. */
    public RolePolicy roleOf(String functionId) {
        Map<String, Object> properties = template.properties(functionId);
        Object role = properties.get("Role");
        if (role != null) return declaredRole(functionId, role);
        List<Statement> statements = new ArrayList<>(ManagedPolicies.named("AWSLambdaBasicExecutionRole"));
        if ("Active".equals(String.valueOf(template.functionProperty(functionId, "Tracing")))) {
            statements.addAll(ManagedPolicies.named("AWSXrayWriteOnlyAccess"));
        }
        Object policies = properties.get("Policies");
        for (Object policy : SamTemplate.items(policies)) {
            statements.addAll(policy(functionId, policy));
        }
        for (Object event : map(properties.get("Events")).values()) {
            Map<String, Object> e = map(event);
            Map<String, Object> p = map(e.get("Properties"));
            switch (String.valueOf(e.get("Type"))) {
                case "DynamoDB" -> statements.addAll(ManagedPolicies.named("AWSLambdaDynamoDBExecutionRole"));
                case "SQS" -> statements.addAll(ManagedPolicies.named("AWSLambdaSQSQueueExecutionRole"));
                default -> { }
            }
            Map<String, Object> onFailure = map(map(p.get("DestinationConfig")).get("OnFailure"));
            if ("SQS".equals(onFailure.get("Type"))) {
                String queue = SamTemplate.referencedId(onFailure.get("Destination"));
                statements.addAll(PolicyTemplates.expand("SQSSendMessagePolicy",
                        new PolicyTemplates.Params(Map.of("QueueName", queue), arns)));
            }
        }
        return new RolePolicy(functionId + "Role", statements);
    }

    private RolePolicy declaredRole(String functionId, Object role) {
        String roleId = SamTemplate.referencedId(role);
        Map<String, Object> resource = map(template.resources().get(roleId));
        if (roleId == null || !"AWS::IAM::Role".equals(resource.get("Type"))) {
            throw new IamException(functionId + ": its Role " + role + " is not an AWS::IAM::Role of the template; "
                    + "the runner can only evaluate roles it can read");
        }
        Map<String, Object> p = map(resource.get("Properties"));
        List<Statement> statements = new ArrayList<>();
        for (Object arn : list(p.get("ManagedPolicyArns"))) statements.addAll(ManagedPolicies.named(resolve(arn)));
        for (Object policy : list(p.get("Policies"))) {
            String name = String.valueOf(map(policy).get("PolicyName"));
            statements.addAll(document(functionId, map(map(policy).get("PolicyDocument")), roleId + " policy " + name));
        }
        Object roleName = p.get("RoleName");
        return new RolePolicy(roleName == null ? roleId : resolve(roleName), statements);
    }

    /** One entry of a function's Policies: a managed policy's name, an inline document, or a policy template. */
    private List<Statement> policy(String functionId, Object policy) {
        if (policy instanceof String name) return ManagedPolicies.named(name);
        Map<String, Object> m = map(policy);
        if (m.containsKey("Statement")) return document(functionId, m, functionId + " inline policy");
        if (m.size() == 1) {
            Map.Entry<String, Object> only = m.entrySet().iterator().next();
            if (only.getKey().equals("Ref") || only.getKey().startsWith("Fn::")) return ManagedPolicies.named(resolve(policy));
            Map<String, String> values = new LinkedHashMap<>();
            map(only.getValue()).forEach((k, v) -> values.put(k, resolve(v)));
            return PolicyTemplates.expand(only.getKey(), new PolicyTemplates.Params(values, arns));
        }
        throw new IamException(functionId + ": a Policies entry the runner cannot read: " + policy);
    }

    private List<Statement> document(String functionId, Map<String, Object> document, String origin) {
        Object body = document.get("Statement");
        List<Statement> statements = new ArrayList<>();
        for (Object s : SamTemplate.items(body)) {
            Map<String, Object> statement = map(s);
            if (statement.containsKey("Condition")) {
                throw new IamException(functionId + ": a statement of " + origin + " has a Condition " + statement.get("Condition")
                        + "; the runner cannot evaluate conditions and will not guess (start with --no-iam to run without IAM)");
            }
            if (statement.containsKey("Action") == statement.containsKey("NotAction")
                    || statement.containsKey("Resource") == statement.containsKey("NotResource")) {
                throw new IamException(functionId + ": a statement of " + origin + " needs one of Action and NotAction, and one of "
                        + "Resource and NotResource (IAM refuses it): " + statement);
            }
            String effect = String.valueOf(statement.get("Effect"));
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new IamException(functionId + ": a statement of " + origin + " has Effect " + effect);
            }
            statements.add(new Statement(effect.equals("Allow"), strings(statement.get("Action")), strings(statement.get("NotAction")),
                    strings(statement.get("Resource")), strings(statement.get("NotResource")),
                    origin + (statement.get("Sid") == null ? "" : " (" + statement.get("Sid") + ")")));
        }
        return statements;
    }

    private List<String> strings(Object value) {
        return SamTemplate.items(value).stream().map(this::resolve).toList();
    }

    /** A policy value: a string, or Ref / Fn::GetAtt / Fn::Sub / Fn::Join over the template and the runner's names. */
    String resolve(Object value) {
        if (!(value instanceof Map<?, ?>)) return String.valueOf(value);
        Map<String, Object> m = map(value);
        if (m.get("Ref") instanceof String ref) return ref(ref);
        Object getAtt = m.get("Fn::GetAtt");
        if (getAtt != null) {
            List<String> parts = SamTemplate.getAttParts(getAtt);
            return attribute(parts.get(0), parts.get(1));
        }
        Object sub = m.get("Fn::Sub");
        if (sub != null) {
            SamTemplate.Sub parsed = SamTemplate.Sub.of(sub);
            return SamTemplate.SUB_VARIABLE.matcher(parsed.text()).replaceAll(r -> {
                if (parsed.variables().containsKey(r.group(1))) return Matcher.quoteReplacement(resolve(parsed.variables().get(r.group(1))));
                List<String> named = SamTemplate.Sub.reference(r.group(1));
                return Matcher.quoteReplacement(named.size() == 2 ? attribute(named.get(0), named.get(1)) : ref(named.getFirst()));
            });
        }
        Object join = m.get("Fn::Join");
        if (join != null) {
            return String.join(String.valueOf(list(join).get(0)), list(list(join).get(1)).stream().map(this::resolve).toList());
        }
        throw new IamException("a policy value the runner cannot resolve: " + value);
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region": return arns.region();
            case "AWS::AccountId": return arns.account();
            case "AWS::Partition": return "aws";
            case "AWS::URLSuffix": return "amazonaws.com";
            case "AWS::StackName": return "keyword-trend-local";
            default: break;
        }
        String parameter = parameters.apply(name);
        if (parameter != null) return parameter;
        String type = String.valueOf(map(template.resources().get(name)).get("Type"));
        return switch (type) {
            case "AWS::SQS::Queue" -> "http://127.0.0.1/" + arns.account() + "/" + name; // a queue's Ref is its URL
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager:" + arns.region() + ":" + arns.account() + ":secret:" + name;
            case "AWS::S3::Bucket" -> Arns.bucketName(name);
            default -> name; // tables, functions, roles: the physical name, locally the logical id
        };
    }

    private String attribute(String id, String attribute) {
        String type = String.valueOf(map(template.resources().get(id)).get("Type"));
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> arns.table(id);
            case "AWS::DynamoDB::Table.StreamArn" -> arns.stream(id, streamLabel(id));
            case "AWS::SQS::Queue.Arn" -> arns.queue(id);
            case "AWS::SQS::Queue.QueueName" -> id;
            case "AWS::IAM::Role.Arn" -> arns.role(id);
            case "AWS::S3::Bucket.Arn" -> arns.bucket(id);
            case "AWS::Serverless::Function.Arn" -> "arn:aws:lambda:" + arns.region() + ":" + arns.account() + ":function:" + id;
            default -> throw new IamException("Fn::GetAtt " + id + "." + attribute + " in a policy: the runner has no ARN for it");
        };
    }

    private String streamLabel(String table) {
        String label = streamLabels.get(table);
        if (label == null) throw new IamException("table " + table + " has no stream");
        return label;
    }
}
