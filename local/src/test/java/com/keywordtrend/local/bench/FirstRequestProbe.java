package com.keywordtrend.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.keywordtrend.api.OrchestrateHandler;
import com.keywordtrend.local.LocalContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Runs in a fresh JVM on the deployable api jar (and the runner's Lambda context class): builds the handler as Lambda does (no-arg
 * constructor) and answers one start request against DYNAMODB_ENDPOINT. Prints the milliseconds
 * from the JVM's start to the reply, then for a second request.
 */
public final class FirstRequestProbe {
    public static void main(String[] args) {
        OrchestrateHandler handler = new OrchestrateHandler();
        Context context = new LocalContext("probe", Duration.ofSeconds(20), 1024);
        APIGatewayProxyRequestEvent start = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/orchestrate")
                .withBody("{\"industry\":\"healthcare\",\"usp\":\"AI-powered diagnostics\",\"key_services\":[\"imaging\"]}");
        int status = handler.handleRequest(start, context).getStatusCode();
        long first = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long before = System.nanoTime();
        handler.handleRequest(start, context);
        long second = (System.nanoTime() - before) / 1_000_000;
        System.out.println("FIRST_REPLY_MS " + first + " STATUS " + status + " SECOND_REPLY_MS " + second);
    }
}
