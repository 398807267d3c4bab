package com.keywordtrend.store;

import com.keywordtrend.model.JobStoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** A DynamoDB call, its failures sorted into "try again later" and the rest. */
final class DynamoCalls {
    private static final Set<String> THROTTLING_CODES = Set.of("ProvisionedThroughputExceededException",
            "RequestLimitExceeded", "ThrottlingException", "InternalServerError", "ServiceUnavailable");

    private DynamoCalls() {
    }

    /**
     * Maps throttling, timeouts and unreachability to {@link JobStoreUnavailableException}: trying
     * again later may help. Conditions, refusals (access denied, no such table) and client-side
     * misconfiguration (no credentials) pass through: retrying cannot fix them, and a caller that
     * answered "busy, retry" would hide a broken deployment behind an endless retry loop.
     */
    static <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (DynamoDbException e) {
            boolean transientError = e.isThrottlingException() || e.statusCode() >= 500
                    || (e.awsErrorDetails() != null && THROTTLING_CODES.contains(e.awsErrorDetails().errorCode()));
            if (transientError) throw new JobStoreUnavailableException(operation + " throttled or unavailable", e);
            throw e;
        } catch (SdkClientException e) {
            if (isTransient(e)) throw new JobStoreUnavailableException(operation + " could not reach DynamoDB", e);
            throw e;
        }
    }

    /** A timeout, or an I/O failure anywhere in the cause chain; not a missing credential or a bad setting. */
    static boolean isTransient(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) return true;
        if (e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials")) return false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) return true;
        }
        return false;
    }
}
