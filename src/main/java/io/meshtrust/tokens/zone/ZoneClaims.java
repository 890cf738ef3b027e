package io.meshtrust.tokens.zone;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.tokens.TokenClaims;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A zone token's claims, Kuma's {@code ZoneClaims} ({@code pkg/tokens/builtin/zone/token.go}): {@code Zone},
 * {@code Scope}.
 *
 * @param scope may be null (written as {@code "Scope": null}, as Kuma does)
 */
public record ZoneClaims(String zone, List<String> scope) implements TokenClaims {

    @Override
    public SigningKeyFamily family() {
        return SigningKeyFamily.ZONE;
    }

    @Override
    public String signingMesh() {
        return "";
    }

    @Override
    public Map<String, Object> asClaims() {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Zone", zone == null ? "" : zone);
        claims.put("Scope", scope);
        return claims;
    }
}
