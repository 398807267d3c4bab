package com.keywordtrend.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function of template.yaml, its handler created once (like a warm execution environment) and
 * invoked in process with the function's Timeout enforced: past it, the invocation counts as failed,
 * as a Lambda timeout does, and its thread is interrupted.
 */
public final class LocalFunction {
    private final String logicalId;
    private final RequestHandler<Object, Object> handler;
    private final Duration timeout;
    private final int memoryMb;

    @SuppressWarnings("unchecked")
    LocalFunction(String logicalId, Object handler, Duration timeout, int memoryMb) {
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new LocalRunnerException(logicalId + "'s handler " + handler.getClass().getName() + " is not a RequestHandler");
        }
        this.logicalId = logicalId;
        this.handler = (RequestHandler<Object, Object>) handler;
        this.timeout = timeout;
        this.memoryMb = memoryMb;
    }

    public String logicalId() {
        return logicalId;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Runs the handler; a thrown exception or a timeout is a function error, as Lambda reports it. */
    public Object invoke(Object event) throws FunctionErrorException {
        LocalContext context = new LocalContext(logicalId, timeout, memoryMb);
        FutureTask<Object> task = new FutureTask<>(() -> handler.handleRequest(event, context));
        Thread.ofVirtual().name(logicalId + "-" + context.getAwsRequestId()).start(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new FunctionErrorException(logicalId + " timed out after " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            throw new FunctionErrorException(logicalId + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new FunctionErrorException(logicalId + " interrupted", e);
        }
    }

    /** The invocation failed as a whole (exception or timeout): Lambda retries or bisects the batch. */
    public static final class FunctionErrorException extends Exception {
        FunctionErrorException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
