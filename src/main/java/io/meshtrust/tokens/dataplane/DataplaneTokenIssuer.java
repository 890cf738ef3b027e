package io.meshtrust.tokens.dataplane;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.signingkeys.SigningKeyException;
import io.meshtrust.tokens.IssuerDisabledException;
import io.meshtrust.tokens.TokenIssuer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Issues dataplane tokens ({@link DataplaneIdentity}) when {@code KUMA_DP_SERVER_AUTHN_DP_PROXY_DP_TOKEN_ENABLE_ISSUER}
 * is on, signed by the mesh's newest {@code dataplane-token-signing-key-<mesh>} (Kuma's
 * {@code pkg/tokens/builtin/issuer/issuer.go} {@code Generate}).
 */
@ApplicationScoped
public class DataplaneTokenIssuer {

    private final TokenIssuer issuer;
    private final boolean enabled;

    public DataplaneTokenIssuer(TokenIssuer issuer, KumaConfig config) {
        this.issuer = issuer;
        this.enabled = config.dpServer().authn().dpProxy().dpToken().enableIssuer();
    }

    /**
     * @throws IssuerDisabledException      (failed Uni) when the issuer is disabled
     * @throws SigningKeyException.NotFound (failed Uni) when the mesh has no dataplane-token signing key
     */
    public Uni<String> issue(DataplaneIdentity claims, Duration validFor) {
        return issuer.issue(claims, validFor, enabled);
    }
}
