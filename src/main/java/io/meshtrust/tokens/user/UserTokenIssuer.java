package io.meshtrust.tokens.user;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.signingkeys.SigningKeyException;
import io.meshtrust.tokens.IssuerDisabledException;
import io.meshtrust.tokens.TokenIssuer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Issues user tokens ({@link UserClaims}) when {@code KUMA_API_SERVER_AUTHN_TOKENS_ENABLE_ISSUER} is on, signed by
 * the newest user-token key (Kuma's {@code pkg/plugins/authn/api-server/tokens/issuer/issuer.go} {@code Generate}).
 */
@ApplicationScoped
public class UserTokenIssuer {

    private final TokenIssuer issuer;
    private final boolean enabled;

    public UserTokenIssuer(TokenIssuer issuer, KumaConfig config) {
        this.issuer = issuer;
        this.enabled = config.apiServer().authn().tokens().enableIssuer();
    }

    /**
     * @throws IssuerDisabledException      (failed Uni) when {@code enableIssuer} is off
     * @throws SigningKeyException.NotFound (failed Uni) when no user-token signing key exists
     */
    public Uni<String> issue(UserClaims claims, Duration validFor) {
        return issuer.issue(claims, validFor, enabled);
    }
}
