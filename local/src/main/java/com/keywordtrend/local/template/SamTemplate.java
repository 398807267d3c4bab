package com.keywordtrend.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml as the local runner reads it: the tables, the API routes and the stream and queue
 * mappings, so that the local run follows the template and cannot drift from it. CloudFormation's
 * short tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub s}, ...) are read as their long form
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": "A.B"}}, ...).
 */
public final class SamTemplate {
    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new SamTemplate(new Yaml(new CloudFormationConstructor()).load(reader));
        }
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> resourcesOfType(String type) {
        Map<String, Object> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) found.put(id, resource);
        });
        return found;
    }

    public Map<String, Object> properties(String logicalId) {
        return map(map(resources().get(logicalId)).get("Properties"));
    }

    /** A function's property, falling back to Globals.Function. */
    public Object functionProperty(String logicalId, String name) {
        Object own = properties(logicalId).get(name);
        return own != null ? own : map(map(root.get("Globals")).get("Function")).get(name);
    }

    /** A function's environment: Globals' variables, then its own, with Refs resolved by {@code resolve}. */
    public Map<String, String> environment(String logicalId, java.util.function.Function<Object, String> resolve) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> globals = map(map(map(map(root.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        Map<String, Object> own = map(map(properties(logicalId).get("Environment")).get("Variables"));
        globals.forEach((k, v) -> env.put(k, resolve.apply(v)));
        own.forEach((k, v) -> env.put(k, resolve.apply(v)));
        return env;
    }

    public Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A value written as one item or as a list of them (an Action, a Statement, DependsOn): the list; none for null. */
    public static List<Object> items(Object value) {
        return value == null ? List.of() : value instanceof List<?> ? list(value) : List.of(value);
    }

    /** A {@code Fn::GetAtt}'s value, {@code "Id.Attr"} or {@code [Id, Attr]}, as its parts (not two when malformed). */
    public static List<String> getAttParts(Object getAtt) {
        return getAtt instanceof String s ? List.of(s.split("\\.", 2)) : list(getAtt).stream().map(String::valueOf).toList();
    }

    /** A {@code ${Name}} or {@code ${Id.Attr}} in a {@code Fn::Sub} text ({@code ${!Literal}} is not one). */
    public static final java.util.regex.Pattern SUB_VARIABLE = java.util.regex.Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** A {@code Fn::Sub}'s value: its text, and the variables of its list form. */
    public record Sub(String text, Map<String, Object> variables) {
        public static Sub of(Object value) {
            if (value instanceof String text) return new Sub(text, Map.of());
            List<Object> parts = list(value);
            return new Sub(parts.isEmpty() ? "" : String.valueOf(parts.getFirst()), map(parts.size() > 1 ? parts.get(1) : null));
        }

        /** What a variable of the text names: {@code [Id, Attr]} for an attribute, else {@code [Name]} (a parameter, resource or pseudo parameter). */
        public static List<String> reference(String variable) {
            int dot = variable.indexOf('.');
            return dot > 0 && !variable.startsWith("AWS::") ? List.of(variable.substring(0, dot), variable.substring(dot + 1)) : List.of(variable);
        }
    }

    /** The logical id a {@code !GetAtt Id.Attr} or {@code !Ref Id} points at, or null. */
    public static String referencedId(Object value) {
        Map<String, Object> m = map(value);
        if (m.get("Ref") instanceof String ref) return ref;
        List<String> getAtt = getAttParts(m.get("Fn::GetAtt"));
        return getAtt.isEmpty() ? null : getAtt.getFirst();
    }

    /** SafeConstructor plus CloudFormation's short-form tags. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> new ArrayList<>(constructSequence(sequence));
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> null;
                    };
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put(key, value);
                    return result;
                }
            });
        }
    }
}
