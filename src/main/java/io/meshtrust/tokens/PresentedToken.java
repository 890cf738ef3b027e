package io.meshtrust.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.signingkeys.SigningKeyFamily;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * A bearer token past the strict gate ({@link CompactJws}), decoded once: its JWS, its claims (not yet verified) and
 * the family those claims name, so that exactly one family's validator verifies it.
 *
 * <p>Kuma's tokens carry no issuer or type claim: Kuma keeps the families apart by where a token is presented (the
 * API server validates user tokens only, {@code pkg/plugins/authn/api-server/tokens/authenticator.go}
 * {@code UserTokenAuthenticator}; the DP server validates dataplane tokens against the Dataplane's mesh,
 * {@code pkg/xds/auth/universal/authenticator.go} {@code authDataplane}) and by the claims each family's issuer
 * writes ({@code UserClaims} in {@code pkg/plugins/authn/api-server/tokens/issuer/token.go}: {@code Name, Groups};
 * {@code DataplaneClaims} in {@code pkg/tokens/builtin/issuer/token.go}: {@code Name, Mesh, Tags, Type, Workload};
 * {@code ZoneClaims} in {@code pkg/tokens/builtin/zone/token.go}: {@code Zone, Scope}; the claims external issuers must
 * write are listed the same way in Kuma's {@code docs/madr/decisions/020-offline-signing-tokens.md}). Go's encoder
 * writes every field of those structs, so a Kuma or meshtrust token always carries its family's own claims. The rule
 * ({@link #familyOf}), with claim names matched case-insensitively as Go's decoder matches struct fields:
 * {@code Groups} makes a user token; else any of {@code Mesh, Tags, Type, Workload} a dataplane token; else any of
 * {@code Zone, Scope} a zone token; anything else (only {@code Name}, or only registered claims) a user token, which
 * is how Kuma's API server reads it.
 */
public final class PresentedToken {

    /** Claims only a user token carries. */
    static final Set<String> USER_CLAIMS = Set.of("groups");
    /** Claims only a dataplane token carries ({@code Name} is shared with user tokens). */
    static final Set<String> DATAPLANE_CLAIMS = Set.of("mesh", "tags", "type", "workload");
    /** Claims only a zone token carries. */
    static final Set<String> ZONE_CLAIMS = Set.of("zone", "scope");

    private final String raw;
    private final CompactJws jws;
    private final JsonNode claims;
    private final SigningKeyFamily family;

    private PresentedToken(String raw, CompactJws jws, JsonNode claims, SigningKeyFamily family) {
        this.raw = raw;
        this.jws = jws;
        this.claims = claims;
        this.family = family;
    }

    /**
     * Splits, decodes and classifies a token; no key is looked up and no signature checked.
     *
     * @throws InvalidTokenException when the token is not in the one accepted spelling or its claims are not a JSON
     *                               object (the messages {@link TokenVerifier#verify} gives for the same input)
     */
    public static PresentedToken read(String token) throws InvalidTokenException {
        CompactJws jws = CompactJws.parse(token);
        JsonNode claims = CompactJws.jsonObject(jws.payload(), "claims");
        return new PresentedToken(token, jws, claims, familyOf(claims));
    }

    /** The family whose claims the token carries, by the rule on the class. */
    static SigningKeyFamily familyOf(JsonNode claims) {
        boolean dataplane = false;
        boolean zone = false;
        for (Iterator<String> names = claims.fieldNames(); names.hasNext(); ) {
            String name = names.next().toLowerCase(Locale.ROOT);
            if (USER_CLAIMS.contains(name)) {
                return SigningKeyFamily.USER;
            }
            dataplane |= DATAPLANE_CLAIMS.contains(name);
            zone |= ZONE_CLAIMS.contains(name);
        }
        return dataplane ? SigningKeyFamily.DATAPLANE : zone ? SigningKeyFamily.ZONE : SigningKeyFamily.USER;
    }

    /** The token as presented, for the verifier (SmallRye parses the compact form itself) and cache keys. */
    public String raw() {
        return raw;
    }

    public CompactJws jws() {
        return jws;
    }

    /** The claims as decoded by the strict gate, not verified. */
    public JsonNode claims() {
        return claims;
    }

    public SigningKeyFamily family() {
        return family;
    }

    /**
     * Refuses a token of another family before any key is looked up.
     *
     * @throws InvalidTokenException when the token's claims name another family
     */
    public void requireFamily(SigningKeyFamily expected) throws InvalidTokenException {
        if (family != expected) {
            throw new InvalidTokenException("a " + name(family) + " token is not a " + name(expected) + " token");
        }
    }

    static String name(SigningKeyFamily family) {
        return family.name().toLowerCase(Locale.ROOT);
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "PresentedToken[family=" + name(family) + "]";
    }
}
