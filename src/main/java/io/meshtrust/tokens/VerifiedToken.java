package io.meshtrust.tokens;

import java.security.PublicKey;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A token whose signature and structure were verified: the key that verified it (so that a cached result can be
 * dropped when that key goes away), its time bounds and {@code jti}, and the raw claims.
 */
public record VerifiedToken(
        String kid, PublicKey key, OptionalLong exp, OptionalLong nbf, String jti, Map<String, Object> claims) {

    /** Kuma's time rule, leeway 0: {@code now < exp} when {@code exp} is present, {@code now >= nbf} likewise. */
    public void checkTimes(long nowMillis) throws InvalidTokenException {
        if (exp.isPresent() && nowMillis >= exp.getAsLong() * 1000) {
            throw new InvalidTokenException("could not parse token: token has invalid claims: token is expired");
        }
        if (nbf.isPresent() && nowMillis < nbf.getAsLong() * 1000) {
            throw new InvalidTokenException("token is not yet valid: 'valid_from' date is in the future. Check if the "
                    + "system clock on the instance that issued the token is set correctly");
        }
    }

    /**
     * A claim looked up the way Go's JSON decoder matches struct fields: exact name first, then case-insensitively
     * ({@code Name} or {@code name}).
     */
    public Object claim(String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        return claims.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
