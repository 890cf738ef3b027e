package io.meshtrust.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Verifies RS256 tokens in Kuma's format through SmallRye JWT (kuma-tokens §7.1): the algorithm is pinned to RS256,
 * the {@code kid} header must be a string and resolves only to a known key, and there is no fallback to another key
 * after a bad signature. Time is checked by the caller with {@link VerifiedToken#checkTimes} against the
 * application clock, with Kuma's zero leeway; SmallRye's own clock checks are therefore relaxed here.
 *
 * <p>SmallRye JWT always requires {@code exp}. Tokens without it are refused unless {@code requireExpiration} is
 * off; then they are verified by jose4j (SmallRye's engine) with the same algorithm and key constraints.
 */
public final class TokenVerifier {

    /** Larger than any token Kuma or kumactl issues, small enough to refuse abuse before any parsing. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    // Our own clock check replaces jose4j's; keep jose4j from refusing on time with a skew of ~60 years.
    private static final int NO_CLOCK_CHECK_SKEW = 1_900_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean requireExpiration;

    public TokenVerifier(boolean requireExpiration) {
        this.requireExpiration = requireExpiration;
    }

    /**
     * Verifies structure, header and signature; does not check times or revocation.
     *
     * @throws InvalidTokenException with a reason for the log
     */
    public VerifiedToken verify(String token, KeyResolver keys) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("token is malformed: token contains an invalid number of segments");
        }
        JsonNode header = segment(parts[0], "header");
        JsonNode payload = segment(parts[1], "claims");
        JsonNode kid = header.get("kid");
        if (kid == null || kid.isNull()) {
            throw new InvalidTokenException("JWT token must have kid header");
        }
        if (!kid.isTextual()) {
            throw new InvalidTokenException("JWT token kid header must be a string");
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg.asText())) {
            throw new InvalidTokenException("unsupported token alg " + (alg == null ? "" : alg.asText())
                    + ". Allowed algorithm is RS256");
        }
        PublicKey key = keys.resolve(kid.textValue()).orElseThrow(() ->
                new InvalidTokenException("there is no signing key with KID " + kid.textValue()));
        boolean hasExp = payload.has("exp");
        if (!hasExp && requireExpiration) {
            throw new InvalidTokenException("token has no exp claim; tokens must expire "
                    + "(KUMA_API_SERVER_AUTHN_TOKENS_VALIDATOR_REQUIRE_EXPIRATION=false accepts them)");
        }
        JwtClaims claims = hasExp ? viaSmallRye(token, key) : viaJose4j(token, key);
        try {
            return new VerifiedToken(
                    kid.textValue(),
                    key,
                    seconds(claims, "exp"),
                    seconds(claims, "nbf"),
                    claims.getJwtId(),
                    claims.getClaimsMap());
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("token is malformed: " + e.getMessage());
        }
    }

    private static JwtClaims viaSmallRye(String token, PublicKey key) throws InvalidTokenException {
        var info = new JWTAuthContextInfo();
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setMaxTimeToLiveSecs(0L); // Kuma ignores iat: SmallRye then does not require it
        info.setClockSkew(NO_CLOCK_CHECK_SKEW);
        info.setRequireNamedPrincipal(false);
        try {
            return new PinnedKeyParser(key).parse(token, info).getJwtClaims();
        } catch (ParseException e) {
            throw new InvalidTokenException("could not parse token: " + rootMessage(e));
        }
    }

    private static JwtClaims viaJose4j(String token, PublicKey key) throws InvalidTokenException {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKey(key)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setSkipDefaultAudienceValidation()
                    .setAllowedClockSkewInSeconds(NO_CLOCK_CHECK_SKEW)
                    .build()
                    .processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException("could not parse token: " + rootMessage(e));
        }
    }

    private static JsonNode segment(String b64, String what) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(b64));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("token is malformed: " + what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidTokenException("token is malformed: could not base64url/JSON decode the " + what);
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
