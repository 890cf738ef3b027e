package io.meshtrust.tokens.user;

import io.meshtrust.api.ApiException;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.tokens.TokenIssuer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

/** Issues user tokens: claims {@code Name}, {@code Groups} (kuma-tokens §9), signed by a user-token key. */
@ApplicationScoped
public class UserTokenIssuer {

    private final TokenIssuer issuer;
    private final boolean enabled;

    public UserTokenIssuer(TokenIssuer issuer, KumaConfig config) {
        this.issuer = issuer;
        this.enabled = config.apiServer().authn().tokens().enableIssuer();
    }

    /**
     * @param groups may be null (written as {@code "Groups": null}, as Kuma does)
     * @throws ApiException.IssuerDisabled     when {@code enableIssuer} is off
     * @throws ApiException.SigningKeyNotFound when no user-token signing key exists
     */
    public Uni<String> issue(String name, List<String> groups, Duration validFor) {
        if (!enabled) {
            return Uni.createFrom().failure(new ApiException.IssuerDisabled());
        }
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Name", name);
        claims.put("Groups", groups);
        return issuer.issue(SigningKeyFamily.USER, "", claims, validFor);
    }
}
