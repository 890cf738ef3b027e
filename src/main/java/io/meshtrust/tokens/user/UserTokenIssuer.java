package io.meshtrust.tokens.user;

import io.meshtrust.api.ApiException;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.tokens.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * Issues user tokens in Kuma's format (kuma-tokens §5, §9): claims {@code Name}, {@code Groups}, then {@code exp},
 * {@code nbf = iat = now - 5 s}, a random {@code jti}; signed by the newest {@code user-token-signing-key} on the
 * crypto worker.
 */
@ApplicationScoped
public class UserTokenIssuer {

    /** Kuma's hard-coded allowance for clocks of other machines being behind. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final SigningKeyManager keys;
    private final CryptoWorker crypto;
    private final InstantSource clock;
    private final boolean enabled;

    public UserTokenIssuer(SigningKeyManager keys, CryptoWorker crypto, InstantSource clock, KumaConfig config) {
        this.keys = keys;
        this.crypto = crypto;
        this.clock = clock;
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
        long nowMillis = clock.millis();
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Name", name);
        claims.put("Groups", groups);
        long start = Math.floorDiv(nowMillis - CLOCK_SKEW.toMillis(), 1000);
        long exp = Math.floorDiv(nowMillis + validFor.toMillis(), 1000);
        var registered = new Jwt.RegisteredClaims(exp, start, start, UUID.randomUUID().toString());
        return keys.latest(SigningKeyFamily.USER, "")
                .chain(key -> crypto.submit(() -> Jwt.sign(Jwt.signingInput(key.kid(), claims, registered),
                        key.privateKey())));
    }
}
