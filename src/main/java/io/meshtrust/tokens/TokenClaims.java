package io.meshtrust.tokens;

import io.meshtrust.signingkeys.SigningKeyFamily;
import java.util.Map;

/**
 * The claims one token family writes, as a record per family: the shape of Kuma's {@code tokens.Claims}
 * implementations ({@code UserClaims} in {@code pkg/plugins/authn/api-server/tokens/issuer/token.go},
 * {@code DataplaneClaims} in {@code pkg/tokens/builtin/issuer/token.go}, {@code ZoneClaims} in
 * {@code pkg/tokens/builtin/zone/token.go}). A family is one sub-package of {@code tokens/} with the same template:
 * its claims record, {@code *TokenResource} (HTTP) → {@code *TokenIssuer} (its config switch, then
 * {@link TokenIssuer}) → {@code *TokenValidator} (its keys, then {@link TokenVerifier}), the validator taking only
 * tokens whose claims name its family ({@link PresentedToken}).
 */
public interface TokenClaims {

    /** The family, hence the signing keys, the issued-tokens series and the validator. */
    SigningKeyFamily family();

    /** The mesh whose key signs, for a mesh-scoped family; empty otherwise. */
    String signingMesh();

    /** The custom claims in the order Kuma's encoder writes them (struct field order). */
    Map<String, Object> asClaims();
}
