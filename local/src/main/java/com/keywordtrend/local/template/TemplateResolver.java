package com.keywordtrend.local.template;

import static com.keywordtrend.local.template.SamTemplate.list;
import static com.keywordtrend.local.template.SamTemplate.map;

import com.keywordtrend.local.LocalRunnerException;
import com.keywordtrend.local.iam.Arns;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Resolves !Ref/!Sub/!GetAtt of the template for the local run: parameters, then local names. */
public final class TemplateResolver {
    private final SamTemplate template;
    private final Map<String, String> overrides;
    private final String region;
    private final Map<String, String> secrets = new java.util.HashMap<>();
    private static final Pattern DYNAMIC_SECRET = Pattern.compile("\\{\\{resolve:secretsmanager:([^:}]+):SecretString}}");

    public TemplateResolver(SamTemplate template, Map<String, String> overrides, String region) {
        this.template = template;
        this.overrides = overrides;
        this.region = region;
    }

    public String resolve(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.get("Ref") instanceof String ref) return ref(ref);
            if (m.get("Fn::Sub") instanceof String sub) {
                var matcher = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(sub);
                String resolved = matcher.replaceAll(r -> java.util.regex.Matcher.quoteReplacement(ref(r.group(1))));
                return DYNAMIC_SECRET.matcher(resolved).replaceAll(r -> secret(r.group(1)));
            }
            if (m.containsKey("Fn::GetAtt")) return "arn:local:" + SamTemplate.referencedId(value);
            throw new LocalRunnerException("template value not supported locally: " + value);
        }
        return String.valueOf(value);
    }

    /**
     * What CloudFormation puts in place of {{resolve:secretsmanager:Id:SecretString}}: locally, a
     * random value per secret and run (GenerateSecretString's job), never written anywhere.
     */
    private String secret(String secretId) {
        if (!"AWS::SecretsManager::Secret".equals(map(template.resources().get(secretId)).get("Type"))) {
            throw new LocalRunnerException("secret " + secretId + " is not a secret of the template");
        }
        return secrets.computeIfAbsent(secretId, id -> {
            byte[] random = new byte[48];
            new java.security.SecureRandom().nextBytes(random);
            return java.util.HexFormat.of().formatHex(random);
        });
    }

    /** A template parameter's value (the override, else its default); null for a name that is not a parameter. */
    public String parameter(String name) {
        if (overrides.containsKey(name)) return overrides.get(name);
        Map<String, Object> parameter = map(template.parameters().get(name));
        return parameter.isEmpty() ? null : String.valueOf(parameter.getOrDefault("Default", ""));
    }

    private String ref(String name) {
        String parameter = parameter(name);
        if (parameter != null) return parameter;
        if (name.equals("AWS::Region")) return region;
        if (name.equals("AWS::Partition")) return "aws";
        if ("AWS::S3::Bucket".equals(map(template.resources().get(name)).get("Type"))) return com.keywordtrend.local.iam.Arns.bucketName(name);
        return name; // a resource: its local physical name is its logical id
    }

    public boolean conditionHolds(Object resource) {
        Object condition = map(resource).get("Condition");
        if (condition == null) return true;
        return holds(map(map(template.root().get("Conditions")).get(String.valueOf(condition))));
    }

    /**
     * What CloudFormation checks before it creates anything: each parameter's AllowedValues and
     * AllowedPattern, then the Rules' assertions (so the runner refuses what a deploy would).
     */
    public void checkParameters() {
        template.parameters().forEach((name, definition) -> {
            String value = ref(name);
            Map<String, Object> d = map(definition);
            List<Object> allowed = list(d.get("AllowedValues"));
            if (!allowed.isEmpty() && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
                throw new LocalRunnerException("parameter " + name + " must be one of " + allowed);
            }
            Object pattern = d.get("AllowedPattern");
            if (pattern != null && !Pattern.compile(String.valueOf(pattern)).matcher(value).matches()) {
                throw new LocalRunnerException("parameter " + name + " must be " + d.getOrDefault("ConstraintDescription", "like " + pattern));
            }
        });
        map(template.root().get("Rules")).forEach((rule, body) -> {
            Map<String, Object> r = map(body);
            if (r.containsKey("RuleCondition") && !holds(map(r.get("RuleCondition")))) return;
            for (Object assertion : list(r.get("Assertions"))) {
                if (!holds(map(map(assertion).get("Assert")))) {
                    throw new LocalRunnerException(String.valueOf(map(assertion).get("AssertDescription")));
                }
            }
        });
    }

    /** The template's condition forms: Fn::Equals of two values, and Fn::Not of a condition. */
    private boolean holds(Map<String, Object> condition) {
        if (condition.containsKey("Fn::Not")) return !holds(map(list(condition.get("Fn::Not")).getFirst()));
        List<Object> operands = list(condition.get("Fn::Equals"));
        if (operands.size() != 2) throw new LocalRunnerException("condition " + condition + " is not supported locally");
        return resolve(operands.get(0)).equals(resolve(operands.get(1)));
    }
}
