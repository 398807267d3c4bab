package com.keywordtrend.systemtests.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.keywordtrend.api.OrchestrateHandler;
import java.lang.management.ManagementFactory;

/**
 * Runs in a fresh JVM on the deployable api jar: builds the handler as Lambda does (no-arg
 * constructor) and answers one start request against DYNAMODB_ENDPOINT. Prints the milliseconds
 * from the JVM's start to the reply, then for a second request.
 */
public final class FirstRequestProbe {
    public static void main(String[] args) {
        OrchestrateHandler handler = new OrchestrateHandler();
        Context context = new ProbeContext();
        APIGatewayProxyRequestEvent start = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/orchestrate")
                .withBody("{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\"]}");
        int status = handler.handleRequest(start, context).getStatusCode();
        long first = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long before = System.nanoTime();
        handler.handleRequest(start, context);
        long second = (System.nanoTime() - before) / 1_000_000;
        System.out.println("FIRST_REPLY_MS " + first + " STATUS " + status + " SECOND_REPLY_MS " + second);
    }

    /** The Lambda context of the one probe invocation. */
    private record ProbeContext() implements Context {
        @Override public String getAwsRequestId() { return "probe"; }
        @Override public String getLogGroupName() { return "probe"; }
        @Override public String getLogStreamName() { return "probe"; }
        @Override public String getFunctionName() { return "probe"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:000000000000:function:probe"; }
        @Override public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
        @Override public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 20_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() {
            return new com.amazonaws.services.lambda.runtime.LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.print(new String(message)); }
            };
        }
    }
}
