package com.keywordtrend.local.auth;

import com.keywordtrend.local.LocalRunnerException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What API Gateway's Cognito user pool authorizer does, for the runner's {@code --auth}: checks the
 * token of the Authorization header (RS256 signature against the key set, expiry, issuer, token use)
 * with Nimbus JOSE+JWT, and hands the claims on as {@code requestContext.authorizer.claims}. The key
 * pair plays the user pool: it is made once and kept in local/target/auth, where
 * {@code local/token.sh} signs tokens with it.
 */
public final class LocalAuthorizer {
    public static final String ISSUER = "keyword-trend-local";
    /** Cognito's ID tokens say what they are; API Gateway takes ID tokens when no scopes are set. */
    static final String TOKEN_USE = "id";
    static final String KEY_FILE = "local/target/auth/signing-key.jwk";

    /** Why a request was refused: API Gateway's 401 message. */
    public static final class Unauthorized extends Exception {
        Unauthorized(String message) {
            super(message, null, false, false);
        }
    }

    private final RSAKey key;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private LocalAuthorizer(RSAKey key) {
        this.key = key;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(ISSUER).claim("token_use", TOKEN_USE).build(),
                Set.of("sub", "exp", "iat"));
        // API Gateway's Cognito authorizer refuses a token from the second it expires; Nimbus allows 60 s by default
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The project's local key pair, made on first use (readable by its owner only). */
    public static LocalAuthorizer forProject(Path projectRoot) throws IOException {
        Path file = projectRoot.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) create(file);
            return new LocalAuthorizer(RSAKey.parse(Files.readString(file)));
        } catch (ParseException | JOSEException e) {
            throw new LocalRunnerException(file + " is not a key this runner made; delete it to make a new one");
        }
    }

    private static void create(Path file) throws IOException, JOSEException {
        Files.createDirectories(file.getParent());
        RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        Path temporary = Files.createTempFile(file.getParent(), "key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, key.toJSONString());
        try {
            // two runners starting at once: the first key written wins, both use it
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temporary);
        }
    }

    /** The claims of a valid token in {@code authorization} ("Bearer " optional), as strings, the way API Gateway passes them. */
    public Map<String, String> claims(String authorization) throws Unauthorized {
        if (authorization == null || authorization.isBlank()) throw new Unauthorized("Unauthorized");
        String token = authorization.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) token = token.substring(7).strip();
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Date now = new Date();
            // a token issued, or valid, only in the future is not one the user pool issued: refused outright
            if (claims.getIssueTime().after(now) || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))) {
                throw new Unauthorized("Unauthorized");
            }
            Map<String, String> strings = new LinkedHashMap<>();
            claims.getClaims().forEach((name, value) -> strings.put(name,
                    value instanceof Date date ? Long.toString(date.toInstant().getEpochSecond()) : String.valueOf(value)));
            return strings;
        } catch (BadJWTException e) {
            throw new Unauthorized(e.getMessage() != null && e.getMessage().contains("Expired")
                    ? "The incoming token has expired" : "Unauthorized");
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new Unauthorized("Unauthorized");
        }
    }

    /** A token for {@code sub}, valid for {@code lifetime}, as the user pool would issue it. */
    public String token(String sub, Duration lifetime) {
        Instant now = Instant.now();
        return token(sub, now, now, now.plus(lifetime));
    }

    /** A token with the times given (tests forge ones the user pool would never issue). */
    public String token(String sub, Instant issuedAt, Instant notBefore, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .issuer(ISSUER)
                .audience("keyword-trend-local-client")
                .claim("token_use", TOKEN_USE)
                .claim("cognito:username", sub)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(notBefore.equals(issuedAt) ? null : Date.from(notBefore))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with the local key failed", e);
        }
        return jwt.serialize();
    }

    /** {@code local/token.sh SUB [SECONDS]}: prints a token the runner's --auth accepts. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || args[0].isBlank()) {
            System.err.println("usage: local/token.sh SUB [LIFETIME_SECONDS (default 3600)]");
            System.exit(2);
        }
        if (args.length == 2 && !args[1].matches("[1-9][0-9]{0,8}")) {
            System.err.println("local/token.sh: LIFETIME_SECONDS must be a whole number of seconds (1 to 999999999), not '" + args[1] + "'");
            System.exit(2);
        }
        Duration lifetime = Duration.ofSeconds(args.length == 2 ? Long.parseLong(args[1]) : 3600);
        System.out.println(forProject(Path.of("").toAbsolutePath()).token(args[0], lifetime));
    }
}
