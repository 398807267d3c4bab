package com.keywordtrend.local.template;

import java.util.Map;
import java.util.Set;

/**
 * The AWS::Serverless resource types the template check knows: their properties, which are required,
 * what each event source type takes, and which properties Globals may set. Written from AWS SAM's
 * specification (the "AWS SAM resources and properties" reference, transform 2016-10-31); CloudFormation's
 * resource specification on npm carries an old copy of these types without SnapStart and other newer
 * properties, so it is not used for them. A type or property missing here is reported: add it from SAM's
 * reference, not by guessing.
 */
final class SamResources {
    /** A type's properties and the required ones. */
    record Shape(Set<String> properties, Set<String> required) {
    }

    static final Map<String, Shape> TYPES = Map.of(
            "AWS::Serverless::Function", new Shape(Set.of("Architectures", "AssumeRolePolicyDocument", "AutoPublishAlias",
                    "AutoPublishAliasAllProperties", "AutoPublishCodeSha256", "CodeSigningConfigArn", "CodeUri", "DeadLetterQueue",
                    "DeploymentPreference", "Description", "Environment", "EphemeralStorage", "EventInvokeConfig", "Events",
                    "FileSystemConfigs", "FunctionName", "FunctionUrlConfig", "Handler", "ImageConfig", "ImageUri", "InlineCode",
                    "KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType", "PermissionsBoundary", "Policies",
                    "PropagateTags", "ProvisionedConcurrencyConfig", "RecursiveLoop", "ReservedConcurrentExecutions", "Role",
                    "RolePath", "Runtime", "RuntimeManagementConfig", "SnapStart", "SourceKMSKeyArn", "Tags", "Timeout", "Tracing",
                    "VersionDescription", "VpcConfig"), Set.of()),
            "AWS::Serverless::Api", new Shape(Set.of("AccessLogSetting", "AlwaysDeploy", "ApiKeySourceType", "Auth", "BinaryMediaTypes",
                    "CacheClusterEnabled", "CacheClusterSize", "CanarySetting", "Cors", "DefinitionBody", "DefinitionUri", "Description",
                    "DisableExecuteApiEndpoint", "Domain", "EndpointConfiguration", "FailOnWarnings", "GatewayResponses",
                    "MergeDefinitions", "MethodSettings", "MinimumCompressionSize", "Mode", "Models", "Name", "OpenApiVersion", "Policy",
                    "PropagateTags", "StageName", "Tags", "TracingEnabled", "Variables"), Set.of("StageName")),
            "AWS::Serverless::HttpApi", new Shape(Set.of("AccessLogSettings", "Auth", "CorsConfiguration", "DefaultRouteSettings",
                    "DefinitionBody", "DefinitionUri", "Description", "DisableExecuteApiEndpoint", "Domain", "FailOnWarnings", "Name",
                    "PropagateTags", "RouteSettings", "StageName", "StageVariables", "Tags"), Set.of()),
            "AWS::Serverless::SimpleTable", new Shape(Set.of("PointInTimeRecoverySpecification", "PrimaryKey", "ProvisionedThroughput",
                    "SSESpecification", "TableName", "Tags"), Set.of()),
            "AWS::Serverless::LayerVersion", new Shape(Set.of("CompatibleArchitectures", "CompatibleRuntimes", "ContentUri",
                    "Description", "LayerName", "LicenseInfo", "PublishLambdaVersion", "RetentionPolicy"), Set.of("ContentUri")));

    /** Each event source type of a function and the properties it takes (Type and Properties around them). */
    static final Map<String, Shape> EVENTS = Map.of(
            "Api", new Shape(Set.of("Auth", "Method", "Path", "RequestModel", "RequestParameters", "RestApiId", "TimeoutInMillis"),
                    Set.of("Method", "Path")),
            "HttpApi", new Shape(Set.of("ApiId", "Auth", "Method", "Path", "PayloadFormatVersion", "RouteSettings", "TimeoutInMillis"), Set.of()),
            "DynamoDB", new Shape(Set.of("BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "FilterCriteria",
                    "FunctionResponseTypes", "KmsKeyArn", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
                    "MaximumRetryAttempts", "MetricsConfig", "ParallelizationFactor", "StartingPosition", "StartingPositionTimestamp",
                    "Stream", "TumblingWindowInSeconds"), Set.of("Stream", "StartingPosition")),
            "Kinesis", new Shape(Set.of("BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "FilterCriteria",
                    "FunctionResponseTypes", "KmsKeyArn", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
                    "MaximumRetryAttempts", "MetricsConfig", "ParallelizationFactor", "StartingPosition", "StartingPositionTimestamp",
                    "Stream", "TumblingWindowInSeconds"), Set.of("Stream", "StartingPosition")),
            "SQS", new Shape(Set.of("BatchSize", "Enabled", "FilterCriteria", "FunctionResponseTypes", "KmsKeyArn",
                    "MaximumBatchingWindowInSeconds", "MetricsConfig", "Queue", "ScalingConfig"), Set.of("Queue")),
            "Schedule", new Shape(Set.of("DeadLetterConfig", "Description", "Enabled", "Input", "Name", "RetryPolicy", "Schedule", "State"),
                    Set.of("Schedule")),
            "ScheduleV2", new Shape(Set.of("DeadLetterConfig", "Description", "EndDate", "FlexibleTimeWindow", "GroupName", "Input",
                    "KmsKeyArn", "Name", "OmitName", "PermissionsBoundary", "RetryPolicy", "RoleArn", "ScheduleExpression",
                    "ScheduleExpressionTimezone", "StartDate", "State"), Set.of()),
            "SNS", new Shape(Set.of("FilterPolicy", "FilterPolicyScope", "RedrivePolicy", "Region", "SqsSubscription", "Topic"), Set.of("Topic")),
            "S3", new Shape(Set.of("Bucket", "Events", "Filter"), Set.of("Bucket", "Events")),
            "EventBridgeRule", new Shape(Set.of("DeadLetterConfig", "EventBusName", "Input", "InputPath", "InputTransformer", "Pattern",
                    "RetryPolicy", "RuleName", "State", "Target"), Set.of("Pattern")));

    /** What Globals may set, per section (SAM's "Globals section of the AWS SAM template"). */
    static final Map<String, Set<String>> GLOBALS = Map.of(
            "Function", Set.of("Architectures", "AssumeRolePolicyDocument", "AutoPublishAlias", "AutoPublishAliasAllProperties",
                    "CodeSigningConfigArn", "CodeUri", "DeadLetterQueue", "DeploymentPreference", "Description", "Environment",
                    "EphemeralStorage", "EventInvokeConfig", "FileSystemConfigs", "FunctionUrlConfig", "Handler", "KmsKeyArn", "Layers",
                    "LoggingConfig", "MemorySize", "PermissionsBoundary", "PropagateTags", "ProvisionedConcurrencyConfig", "RecursiveLoop",
                    "ReservedConcurrentExecutions", "RolePath", "Runtime", "RuntimeManagementConfig", "SnapStart", "SourceKMSKeyArn",
                    "Tags", "Timeout", "Tracing", "VpcConfig"),
            "Api", Set.of("AccessLogSetting", "AlwaysDeploy", "Auth", "BinaryMediaTypes", "CacheClusterEnabled", "CacheClusterSize",
                    "CanarySetting", "Cors", "DefinitionUri", "Domain", "EndpointConfiguration", "GatewayResponses", "MergeDefinitions",
                    "MethodSettings", "MinimumCompressionSize", "Name", "OpenApiVersion", "PropagateTags", "TracingEnabled", "Variables"),
            "HttpApi", Set.of("AccessLogSettings", "Auth", "DefaultRouteSettings", "Domain", "PropagateTags", "RouteSettings",
                    "StageVariables", "Tags"),
            "SimpleTable", Set.of("SSESpecification"),
            "LayerVersion", Set.of("PublishLambdaVersion"));

    /** What a SAM resource becomes, for its Fn::GetAtt attributes (a function's Arn is its Lambda function's). */
    static final Map<String, String> GENERATES = Map.of(
            "AWS::Serverless::Function", "AWS::Lambda::Function",
            "AWS::Serverless::Api", "AWS::ApiGateway::RestApi",
            "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api",
            "AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table",
            "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion");

    private SamResources() {
    }
}
