package com.keywordtrend.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.keywordtrend.model.Job;
import java.util.Map;

/**
 * Who is asking, as API Gateway tells the function: with the Cognito authorizer on, the token's
 * claims arrive checked in {@code requestContext.authorizer.claims} and the owner is their {@code sub}.
 * Without an authorizer there are no claims, and the caller is the one anonymous owner, when the
 * deployment allows anonymous use at all (ALLOW_ANONYMOUS, the template's AllowAnonymous).
 */
public record Caller(boolean anonymousAllowed) {
    /** A sub longer than this is not one an identity provider issues; it is refused, not stored. */
    static final int MAX_SUB_LENGTH = 128;

    /** The owner every job of this request belongs to; 401 when there is none and anonymous use is off. */
    String owner(APIGatewayProxyRequestEvent request) {
        String sub = sub(request);
        if (sub != null) {
            if (sub.isBlank() || sub.length() > MAX_SUB_LENGTH || Fields.hasControlCharacters(sub, false)) {
                throw new BadRequestException(401, "Unauthorized");
            }
            return sub;
        }
        if (!anonymousAllowed) throw new BadRequestException(401, "Unauthorized: sign in and send your token as Authorization");
        return Job.ANONYMOUS;
    }

    private static String sub(APIGatewayProxyRequestEvent request) {
        if (request.getRequestContext() == null || request.getRequestContext().getAuthorizer() == null) return null;
        if (!(request.getRequestContext().getAuthorizer().get("claims") instanceof Map<?, ?> claims)) return null;
        return claims.get("sub") instanceof String sub ? sub : null;
    }
}
