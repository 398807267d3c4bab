package com.keywordtrend.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.template.TemplateLint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml checked as {@code sam validate --lint} would check it first, offline (CloudFormation's
 * resource specification from npm, SAM's resources as SamResources writes them), and copies of it with
 * one mistake each: each is found and named with its place.
 */
class TemplateLintTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static TemplateLint lint;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        lint = TemplateLint.forProject(ROOT);
    }

    /** The problems of template.yaml with the first {@code from} replaced by {@code to}. */
    List<String> problemsWith(String from, String to) throws Exception {
        String text = Files.readString(ROOT.resolve("template.yaml"));
        assertTrue(text.contains(from), "template.yaml no longer has: " + from);
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
        return lint.problems(copy);
    }

    @Test
    void the_projects_template_has_no_problem() throws Exception {
        assertEquals(List.of(), lint.problems(ROOT.resolve("template.yaml")));
    }

    @Test
    void a_misspelled_property_is_found_on_cloudformation_and_sam_resources_events_and_globals() throws Exception {
        assertEquals(List.of("Resources.JobsTable.Properties.BillingMod: not a property of AWS::DynamoDB::Table"),
                problemsWith("      BillingMode: PAY_PER_REQUEST", "      BillingMod: PAY_PER_REQUEST"));
        assertEquals(List.of("Resources.JobsTable.Properties.StreamSpecification.StreamViewTyp: not a property of AWS::DynamoDB::Table.StreamSpecification",
                        "Resources.JobsTable.Properties.StreamSpecification: AWS::DynamoDB::Table.StreamSpecification requires StreamViewType"),
                problemsWith("StreamViewType: NEW_IMAGE", "StreamViewTyp: NEW_IMAGE"));
        assertEquals(List.of("Resources.OrchestrateProcessorFunction.Properties.MemorySise: not a property of AWS::Serverless::Function"),
                problemsWith("      MemorySize: 2048", "      MemorySise: 2048"));
        assertEquals(List.of("Resources.OrchestrateProcessorFunction.Properties.Events.JobInserted.Properties.BisectBatchOnFunctionErrors: "
                        + "not a property of DynamoDB event"),
                problemsWith("BisectBatchOnFunctionError: true", "BisectBatchOnFunctionErrors: true"));
        assertEquals(List.of("Globals.Function.Tracin: not a property Globals may set for Function"),
                problemsWith("    Tracing: Active", "    Tracin: Active"));
    }

    @Test
    void a_get_att_of_an_attribute_that_does_not_exist_is_found_also_inside_a_sub() throws Exception {
        assertEquals(List.of("Resources.OrchestrateProcessorFunction.Properties.Events.JobInserted.Properties.Stream.Fn::GetAtt: "
                        + "JobsTable (AWS::DynamoDB::Table) has no attribute StreamARN; it has Arn, StreamArn"),
                problemsWith("            Stream: !GetAtt JobsTable.StreamArn", "            Stream: !GetAtt JobsTable.StreamARN"));
        List<String> sub = problemsWith("!Sub \"${JobsTable.Arn}/index/owner-created_at\"", "!Sub \"${JobsTable.Name}/index/owner-created_at\"");
        assertEquals(1, sub.size(), sub.toString());
        assertTrue(sub.getFirst().endsWith("JobsTable (AWS::DynamoDB::Table) has no attribute Name; it has Arn, StreamArn"), sub.toString());
    }

    @Test
    void a_ref_or_condition_to_nothing_is_found() throws Exception {
        List<String> ref = problemsWith("JOB_RETENTION_DAYS: !Ref JobRetentionDays", "JOB_RETENTION_DAYS: !Ref JobRetentionDay");
        assertEquals(List.of("Globals.Function.Environment.Variables.JOB_RETENTION_DAYS.Ref: Ref to JobRetentionDay, which is neither a "
                + "parameter, a resource nor a pseudo parameter"), ref);
        assertEquals(List.of("Resources.Api.Properties.Auth.Fn::If: no condition UseJwtAuthoriser"),
                problemsWith("        - UseJwtAuthorizer\n", "        - UseJwtAuthoriser\n"));
        assertEquals(List.of("Resources.Cache.Type: AWS::DynamoDB::Tabel is not a resource type of CloudFormation's specification"),
                problemsWith("  SourceCacheTable:\n    Type: AWS::DynamoDB::Table", "  Cache:\n    Type: AWS::DynamoDB::Tabel").stream()
                        .filter(p -> p.startsWith("Resources.Cache")).toList());
    }
}
