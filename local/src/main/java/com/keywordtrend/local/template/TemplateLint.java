package com.keywordtrend.local.template;

import static com.keywordtrend.local.template.SamTemplate.list;
import static com.keywordtrend.local.template.SamTemplate.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * What {@code sam validate --lint} checks first, offline: every resource's type and properties against
 * CloudFormation's resource specification (npm {@code @aws-cdk/cfnspec}, installed with the runner's npm
 * packages) and, for AWS::Serverless types, {@link SamResources}; required properties; nested property
 * types; Globals; and every reference: {@code Ref}, {@code Fn::GetAtt} (the attribute must exist for the
 * type), {@code Fn::Sub} variables, {@code Condition}/{@code Fn::If} names, {@code DependsOn}. It reports
 * problems as {@code path: what}, one a line; none is the only pass.
 */
public final class TemplateLint {
    static final String SPECIFICATION = "local/node_modules/@aws-cdk/cfnspec/spec/specification.json";
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
            "Mappings", "Conditions", "Transform", "Globals", "Resources", "Outputs");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "Condition", "DependsOn", "DeletionPolicy",
            "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy");
    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
            "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private final JsonNode specification;
    private final ObjectMapper json = new ObjectMapper();

    public TemplateLint(Path specificationFile) throws IOException {
        if (!Files.exists(specificationFile)) {
            throw new IOException(specificationFile + " is missing: run 'npm ci --prefix local' (the build does)");
        }
        this.specification = json.readTree(specificationFile.toFile());
    }

    /** The project's check: its template.yaml against the installed specification. */
    public static TemplateLint forProject(Path projectRoot) throws IOException {
        return new TemplateLint(projectRoot.resolve(SPECIFICATION));
    }

    public List<String> problems(Path templateFile) throws IOException {
        return new Run(SamTemplate.load(templateFile)).problems;
    }

    /** One pass over one template. */
    private final class Run {
        final SamTemplate template;
        final Map<String, Object> resources;
        final Map<String, Object> parameters;
        final Map<String, Object> conditions;
        final List<String> problems = new ArrayList<>();

        Run(SamTemplate template) {
            this.template = template;
            this.resources = template.resources();
            this.parameters = template.parameters();
            this.conditions = map(template.root().get("Conditions"));
            template.root().keySet().forEach(section -> {
                if (!SECTIONS.contains(section)) problems.add(section + ": not a section of a template");
            });
            if (resources.isEmpty()) problems.add("Resources: a template needs at least one resource");
            checkGlobals();
            resources.forEach((id, resource) -> checkResource(id, map(resource)));
            references("", template.root());
        }

        void checkGlobals() {
            map(template.root().get("Globals")).forEach((section, body) -> {
                Set<String> allowed = SamResources.GLOBALS.get(section);
                if (allowed == null) {
                    problems.add("Globals." + section + ": not a section of Globals (" + String.join(", ", SamResources.GLOBALS.keySet()) + ")");
                    return;
                }
                map(body).keySet().forEach(p -> {
                    if (!allowed.contains(p)) problems.add("Globals." + section + "." + p + ": not a property Globals may set for " + section);
                });
            });
        }

        void checkResource(String id, Map<String, Object> resource) {
            String at = "Resources." + id;
            resource.keySet().forEach(k -> {
                if (!RESOURCE_KEYS.contains(k)) problems.add(at + "." + k + ": not an attribute of a resource");
            });
            String type = String.valueOf(resource.get("Type"));
            Object condition = resource.get("Condition");
            if (condition != null && !conditions.containsKey(String.valueOf(condition))) {
                problems.add(at + ".Condition: no condition " + condition);
            }
            for (Object dependency : SamTemplate.items(resource.get("DependsOn"))) {
                if (!resources.containsKey(String.valueOf(dependency))) problems.add(at + ".DependsOn: no resource " + dependency);
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            SamResources.Shape sam = SamResources.TYPES.get(type);
            if (sam != null) {
                checkShape(at + ".Properties", properties, sam, type);
                if (type.equals("AWS::Serverless::Function")) checkEvents(at, map(properties.get("Events")));
                return;
            }
            JsonNode spec = specification.path("ResourceTypes").path(type);
            if (spec.isMissingNode()) {
                problems.add(at + ".Type: " + type + " is not a resource type"
                        + (type.startsWith("AWS::Serverless::") ? " SAM defines" : " of CloudFormation's specification"));
                return;
            }
            checkProperties(at + ".Properties", properties, spec.path("Properties"), type);
        }

        void checkShape(String at, Map<String, Object> properties, SamResources.Shape shape, String what) {
            properties.keySet().forEach(p -> {
                if (!shape.properties().contains(p)) problems.add(at + "." + p + ": not a property of " + what);
            });
            shape.required().forEach(p -> {
                if (!properties.containsKey(p)) problems.add(at + ": " + what + " requires " + p);
            });
        }

        void checkEvents(String at, Map<String, Object> events) {
            events.forEach((name, event) -> {
                Map<String, Object> e = map(event);
                String eventAt = at + ".Properties.Events." + name;
                SamResources.Shape shape = SamResources.EVENTS.get(String.valueOf(e.get("Type")));
                if (shape == null) {
                    problems.add(eventAt + ".Type: " + e.get("Type") + " is not an event source type SAM defines");
                    return;
                }
                e.keySet().forEach(k -> {
                    if (!Set.of("Type", "Properties").contains(k)) problems.add(eventAt + "." + k + ": an event has Type and Properties only");
                });
                checkShape(eventAt + ".Properties", map(e.get("Properties")), shape, e.get("Type") + " event");
            });
        }

        /** {@code properties} against a specification's property map, into nested property types. */
        void checkProperties(String at, Map<String, Object> properties, JsonNode spec, String type) {
            if (intrinsic(properties)) return;
            properties.forEach((name, value) -> {
                JsonNode property = spec.path(name);
                if (property.isMissingNode()) {
                    problems.add(at + "." + name + ": not a property of " + type);
                    return;
                }
                checkValue(at + "." + name, value, property, type);
            });
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getValue().path("Required").asBoolean() && !properties.containsKey(p.getKey())) {
                    problems.add(at + ": " + type + " requires " + p.getKey());
                }
            }
        }

        void checkValue(String at, Object value, JsonNode property, String resourceType) {
            if (value instanceof Map<?, ?> m && intrinsic(map(m))) return;
            String kind = property.path("Type").asText("");
            if (kind.equals("List")) {
                if (!(value instanceof List<?>)) {
                    problems.add(at + ": a list is expected");
                    return;
                }
                String item = property.path("ItemType").asText("");
                if (!item.isEmpty()) {
                    int i = 0;
                    for (Object element : list(value)) checkNested(at + "[" + i++ + "]", element, item, resourceType);
                }
            } else if (kind.equals("Map")) {
                if (!(value instanceof Map<?, ?>)) problems.add(at + ": a map is expected");
            } else if (!kind.isEmpty()) {
                checkNested(at, value, kind, resourceType);
            } else if (!property.path("PrimitiveType").asText("Json").equals("Json") && (value instanceof Map<?, ?> || value instanceof List<?>)) {
                problems.add(at + ": a " + property.path("PrimitiveType").asText() + " is expected");
            }
        }

        void checkNested(String at, Object value, String propertyType, String resourceType) {
            if (value instanceof Map<?, ?> m && intrinsic(map(m))) return;
            JsonNode nested = specification.path("PropertyTypes").path(resourceType + "." + propertyType);
            if (nested.isMissingNode()) nested = specification.path("PropertyTypes").path(propertyType); // Tag
            if (nested.isMissingNode()) return;
            if (!(value instanceof Map<?, ?>)) {
                problems.add(at + ": a " + propertyType + " (an object) is expected");
                return;
            }
            checkProperties(at, map(value), nested.path("Properties"), resourceType + "." + propertyType);
        }

        boolean intrinsic(Map<String, Object> value) {
            return value.size() == 1 && value.keySet().stream().allMatch(k -> k.equals("Ref") || k.startsWith("Fn::") || k.equals("Condition"));
        }

        /** Every Ref, GetAtt, Sub variable and condition name anywhere in the template names something that exists. */
        void references(String at, Object node) {
            if (node instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) references(at + "[" + i + "]", l.get(i));
                return;
            }
            if (!(node instanceof Map<?, ?>)) return;
            map(node).forEach((key, value) -> {
                String here = at.isEmpty() ? key : at + "." + key;
                switch (key) {
                    case "Ref" -> ref(here, String.valueOf(value));
                    case "Fn::GetAtt" -> {
                        List<String> parts = SamTemplate.getAttParts(value);
                        if (parts.size() == 2) getAtt(here, parts.get(0), parts.get(1));
                        else problems.add(here + ": Fn::GetAtt takes Resource.Attribute");
                    }
                    case "Fn::Sub" -> sub(here, value);
                    case "Fn::If" -> condition(here, String.valueOf(list(value).isEmpty() ? "" : list(value).getFirst()));
                    case "Condition" -> {
                        // a resource's Condition attribute is checked with the resource; elsewhere it names a condition
                        if (value instanceof String name && !at.matches("Resources\\.[^.]+")) condition(here, name);
                    }
                    default -> { }
                }
                references(here, value);
            });
        }

        void ref(String at, String name) {
            if (PSEUDO.contains(name) || parameters.containsKey(name) || resources.containsKey(name)) return;
            problems.add(at + ": Ref to " + name + ", which is neither a parameter, a resource nor a pseudo parameter");
        }

        void getAtt(String at, String id, String attribute) {
            Object resource = resources.get(id);
            if (resource == null) {
                problems.add(at + ": Fn::GetAtt of " + id + ", which is not a resource");
                return;
            }
            String type = String.valueOf(map(resource).get("Type"));
            String generated = SamResources.GENERATES.getOrDefault(type, type);
            JsonNode attributes = specification.path("ResourceTypes").path(generated).path("Attributes");
            if (!attributes.has(attribute)) {
                List<String> known = new ArrayList<>();
                attributes.fieldNames().forEachRemaining(known::add);
                problems.add(at + ": " + id + " (" + type + ") has no attribute " + attribute
                        + (known.isEmpty() ? "" : "; it has " + String.join(", ", known)));
            }
        }

        void sub(String at, Object value) {
            SamTemplate.Sub sub = SamTemplate.Sub.of(value);
            Matcher m = SamTemplate.SUB_VARIABLE.matcher(sub.text());
            while (m.find()) {
                if (sub.variables().containsKey(m.group(1))) continue;
                List<String> named = SamTemplate.Sub.reference(m.group(1));
                if (named.size() == 2) getAtt(at, named.get(0), named.get(1));
                else ref(at, named.getFirst());
            }
        }

        void condition(String at, String name) {
            if (!conditions.containsKey(name)) problems.add(at + ": no condition " + name);
        }
    }

    /** {@code local/lint-template.sh [TEMPLATE]}: prints each problem, exits 1 when there is one. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Path template = args.length > 0 ? Path.of(args[0]) : root.resolve("template.yaml");
        List<String> problems;
        try {
            problems = forProject(root).problems(template);
        } catch (IOException e) {
            System.err.println("lint-template: " + e.getMessage());
            System.exit(2);
            return;
        }
        problems.forEach(System.out::println);
        System.out.println(template.getFileName() + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
