package io.meshtrust.tokens.zone;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.signingkeys.SigningKeyException;
import io.meshtrust.tokens.IssuerDisabledException;
import io.meshtrust.tokens.TokenIssuer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Issues zone tokens ({@link ZoneClaims}) when {@code KUMA_DP_SERVER_AUTHN_ZONE_PROXY_ZONE_TOKEN_ENABLE_ISSUER} is on,
 * signed by the newest {@code zone-token-signing-key} (Kuma's {@code pkg/tokens/builtin/zone/issuer.go}
 * {@code Generate}). The family has no validator here: meshtrust serves no zone proxy, so no endpoint takes zone
 * tokens (request authentication refuses them without signature work).
 */
@ApplicationScoped
public class ZoneTokenIssuer {

    private final TokenIssuer issuer;
    private final boolean enabled;

    public ZoneTokenIssuer(TokenIssuer issuer, KumaConfig config) {
        this.issuer = issuer;
        this.enabled = config.dpServer().authn().zoneProxy().zoneToken().enableIssuer();
    }

    /**
     * @throws IssuerDisabledException      (failed Uni) when the issuer is disabled
     * @throws SigningKeyException.NotFound (failed Uni) when no zone-token signing key exists
     */
    public Uni<String> issue(ZoneClaims claims, Duration validFor) {
        return issuer.issue(claims, validFor, enabled);
    }
}
