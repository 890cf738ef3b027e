package io.meshtrust.tokens.dataplane;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.tokens.TokenClaims;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataplane token's claims, issued and validated (Kuma's {@code DataplaneClaims} and {@code DataplaneIdentity},
 * {@code pkg/tokens/builtin/issuer/token.go}): {@code Name, Mesh, Tags, Type, Workload}; empty strings mean "not
 * bound".
 */
public record DataplaneIdentity(String name, String mesh, Map<String, List<String>> tags, String type, String workload)
        implements TokenClaims {

    public DataplaneIdentity {
        tags = Map.copyOf(tags);
    }

    @Override
    public SigningKeyFamily family() {
        return SigningKeyFamily.DATAPLANE;
    }

    @Override
    public String signingMesh() {
        return mesh;
    }

    /** Tags with their keys sorted, as Go's encoder writes a map. */
    @Override
    public Map<String, Object> asClaims() {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Name", name);
        claims.put("Mesh", mesh);
        claims.put("Tags", new TreeMap<>(tags));
        claims.put("Type", type);
        claims.put("Workload", workload);
        return claims;
    }
}
