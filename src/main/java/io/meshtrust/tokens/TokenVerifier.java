package io.meshtrust.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Verifies RS256 tokens in Kuma's format through SmallRye JWT (Kuma's {@code pkg/core/tokens/validator.go}
 * {@code ParseWithValidation}): the algorithm is pinned to RS256,
 * the {@code kid} header must be a string and resolves only to a known key, and there is no fallback to another key
 * after a bad signature. Time is checked by the caller with {@link VerifiedToken#checkTimes} against the
 * application clock, with Kuma's zero leeway; SmallRye's own clock checks are therefore relaxed here.
 *
 * <p>SmallRye JWT always requires {@code exp}. Tokens without it are refused unless {@code requireExpiration} is
 * off; then they are verified by jose4j (SmallRye's engine) with the same algorithm and key constraints.
 */
public final class TokenVerifier {

    /** See {@link CompactJws#MAX_TOKEN_LENGTH}. */
    public static final int MAX_TOKEN_LENGTH = CompactJws.MAX_TOKEN_LENGTH;
    // Our own clock check replaces jose4j's; keep jose4j from refusing on time with a skew of ~60 years.
    private static final int NO_CLOCK_CHECK_SKEW = 1_900_000_000;

    private final boolean requireExpiration;
    private final Runnable beforeSignature;

    public TokenVerifier(boolean requireExpiration) {
        this(requireExpiration, () -> {});
    }

    /**
     * @param beforeSignature runs right before each RSA signature verification (the seam through which the validators
     *                        count their signature work, so tests can tell that a request cost at most one)
     */
    public TokenVerifier(boolean requireExpiration, Runnable beforeSignature) {
        this.requireExpiration = requireExpiration;
        this.beforeSignature = beforeSignature;
    }

    /**
     * Verifies structure, header and signature; does not check times or revocation. The token first passes the strict
     * gate ({@link CompactJws}: one accepted spelling, bounded, header and claims JSON objects), so no RSA work is
     * spent on anything else, and SmallRye/jose4j only ever see canonical input.
     *
     * @throws InvalidTokenException with a reason for the log
     */
    public VerifiedToken verify(String token, KeyResolver keys) throws InvalidTokenException {
        return verify(PresentedToken.read(token), keys);
    }

    /**
     * {@link #verify(String, KeyResolver)} for a token already through the strict gate: it is not decoded again.
     *
     * @throws InvalidTokenException with a reason for the log
     */
    public VerifiedToken verify(PresentedToken presented, KeyResolver keys) throws InvalidTokenException {
        String token = presented.raw();
        CompactJws jws = presented.jws();
        JsonNode payload = presented.claims();
        for (String time : List.of("exp", "nbf", "iat")) {
            // Go's float64 NumericDate refuses what overflows (1e999999); Java would read it as an endless Infinity
            JsonNode v = payload.get(time);
            if (v != null && v.isNumber() && !Double.isFinite(v.asDouble())) {
                throw new InvalidTokenException(
                        "token is malformed: could not JSON decode claim: " + time + " is out of range");
            }
        }
        Resolved resolved = header(jws, keys);
        boolean hasExp = payload.has("exp");
        if (!hasExp && requireExpiration) {
            throw new InvalidTokenException("token has no exp claim; tokens must expire "
                    + "(KUMA_API_SERVER_AUTHN_TOKENS_VALIDATOR_REQUIRE_EXPIRATION=false accepts them)");
        }
        beforeSignature.run();
        JwtClaims claims = hasExp ? viaSmallRye(token, resolved.key()) : viaJose4j(token, resolved.key());
        try {
            return new VerifiedToken(
                    resolved.kid(),
                    resolved.key(),
                    seconds(claims, "exp"),
                    seconds(claims, "nbf"),
                    claims.getJwtId(),
                    claims.getClaimsMap());
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("token is malformed: " + e.getMessage());
        }
    }

    /**
     * The JWS layer of {@link #verify} alone, for any payload: the strict gate, the header rules and the key, then
     * the signature through {@link #rs256}, the jose4j RS256 primitive SmallRye calls inside {@link #verify}. It
     * exists so that JWS conformance vectors (whose payloads are not JWT claims) can be run through the same checks.
     *
     * @return the verified JWS
     */
    public static CompactJws verifyJws(String token, KeyResolver keys) throws InvalidTokenException {
        CompactJws jws = CompactJws.parse(token);
        Resolved resolved = header(jws, keys);
        if (!rs256(resolved.key(), jws.signingInput().getBytes(StandardCharsets.US_ASCII), jws.signature())) {
            throw new InvalidTokenException("could not parse token: token signature is invalid");
        }
        return jws;
    }

    /**
     * RSASSA-PKCS1-v1_5 with SHA-256, by jose4j's RS256 algorithm object: the one its {@code JsonWebSignature} (and so
     * SmallRye's parser) uses; jose4j also refuses RSA keys under 2048 bits here.
     */
    public static boolean rs256(PublicKey key, byte[] signingInput, byte[] signature) throws InvalidTokenException {
        try {
            JsonWebSignatureAlgorithm rs256 = AlgorithmFactoryFactory.getInstance()
                    .getJwsAlgorithmFactory()
                    .getAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            rs256.validateVerificationKey(key);
            return rs256.verifySignature(signature, key, signingInput, new ProviderContext());
        } catch (JoseException e) {
            throw new InvalidTokenException("could not parse token: " + rootMessage(e));
        }
    }

    /**
     * Kuma's key function (the callback in {@code ParseWithValidation}): {@code kid} present and a string, {@code alg} exactly RS256, then
     * the key. Header parameters that would change how the token is read are refused: {@code crit} (we implement no
     * extension, so RFC 7515 §4.1.11 says refuse) and {@code b64} (RFC 7797 unencoded payloads are not JWTs). Key
     * hints ({@code jku}, {@code jwk}, {@code x5u}, {@code x5c}) are never consulted: only the configured key counts.
     */
    private static Resolved header(CompactJws jws, KeyResolver keys) throws InvalidTokenException {
        JsonNode header = jws.header();
        JsonNode kid = header.get("kid");
        if (kid == null || kid.isNull()) {
            throw new InvalidTokenException("JWT token must have kid header");
        }
        if (!kid.isTextual()) {
            throw new InvalidTokenException("JWT token kid header must be a string");
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || !AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg.textValue())) {
            throw new InvalidTokenException(
                    "unsupported token alg " + (alg == null ? "" : alg.asText()) + ". Allowed algorithm is RS256");
        }
        if (header.has("crit")) {
            throw new InvalidTokenException("token is malformed: critical header extensions (crit) are not supported");
        }
        if (header.has("b64")) {
            throw new InvalidTokenException("token is malformed: unencoded payloads (b64) are not supported");
        }
        PublicKey key = keys.resolve(kid.textValue())
                .orElseThrow(() -> new InvalidTokenException("there is no signing key with KID " + kid.textValue()));
        return new Resolved(kid.textValue(), key);
    }

    private record Resolved(String kid, PublicKey key) {}

    private static JwtClaims viaSmallRye(String token, PublicKey key) throws InvalidTokenException {
        var info = new JWTAuthContextInfo();
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setMaxTimeToLiveSecs(0L); // Kuma ignores iat: SmallRye then does not require it
        info.setClockSkew(NO_CLOCK_CHECK_SKEW);
        info.setRequireNamedPrincipal(false);
        try {
            return new PinnedKeyParser(key).parse(token, info).getJwtClaims();
        } catch (ParseException e) {
            throw new InvalidTokenException("could not parse token: " + withoutToken(rootMessage(e), token));
        }
    }

    private static JwtClaims viaJose4j(String token, PublicKey key) throws InvalidTokenException {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKey(key)
                    .setJwsAlgorithmConstraints(
                            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setSkipDefaultAudienceValidation()
                    .setAllowedClockSkewInSeconds(NO_CLOCK_CHECK_SKEW)
                    .build()
                    .processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException("could not parse token: " + withoutToken(rootMessage(e), token));
        }
    }

    private static OptionalLong seconds(JwtClaims claims, String name) throws MalformedClaimException {
        Object v = claims.getClaimValue(name);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!(v instanceof Number n)) {
            throw new MalformedClaimException("'" + name + "' is not a number");
        }
        return OptionalLong.of((long) Math.floor(n.doubleValue()));
    }

    /** jose4j quotes the whole token in its messages; tokens never reach logs (InvalidTokenException's contract). */
    static String withoutToken(String message, String token) {
        String m = message.replace(token, "<token>");
        for (String segment : token.split("\\.")) {
            if (segment.length() >= 8) {
                m = m.replace(segment, "<segment>");
            }
        }
        return m;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** SmallRye's parser with the one key the {@code kid} resolved to (no fallback to other keys). */
    private static final class PinnedKeyParser extends DefaultJWTTokenParser {
        private final PublicKey key;

        PinnedKeyParser(PublicKey key) {
            this.key = key;
        }

        @Override
        protected VerificationKeyResolver getVerificationKeyResolver(JWTAuthContextInfo info) {
            return (JsonWebSignature jws, List<JsonWebStructure> nesting) -> key;
        }
    }
}
