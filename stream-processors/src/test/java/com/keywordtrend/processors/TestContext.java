package com.keywordtrend.processors;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.UUID;

/** A Lambda context with its own request id and a fixed remaining time. */
record TestContext(String requestId, int remainingMillis) implements Context {
    TestContext() {
        this(UUID.randomUUID().toString(), 900_000);
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "test"; }
    @Override public String getLogStreamName() { return "test"; }
    @Override public String getFunctionName() { return "test"; }
    @Override public String getFunctionVersion() { return "1"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:test"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return remainingMillis; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { }
            @Override public void log(byte[] message) { }
        };
    }
}
