package io.meshtrust.tokens.user;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.tokens.TokenClaims;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user token's claims, Kuma's {@code UserClaims} ({@code pkg/plugins/authn/api-server/tokens/issuer/token.go}):
 * {@code Name}, {@code Groups}.
 *
 * @param groups may be null (written as {@code "Groups": null}, as Kuma does)
 */
public record UserClaims(String name, List<String> groups) implements TokenClaims {

    @Override
    public SigningKeyFamily family() {
        return SigningKeyFamily.USER;
    }

    @Override
    public String signingMesh() {
        return "";
    }

    @Override
    public Map<String, Object> asClaims() {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Name", name);
        claims.put("Groups", groups);
        return claims;
    }
}
