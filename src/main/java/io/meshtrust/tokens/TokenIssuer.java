package io.meshtrust.tokens;

import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.signingkeys.SigningKeyException;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * Issues tokens of any family in Kuma's format ({@code pkg/core/tokens/issuer.go} {@code Generate}, see {@link Jwt}):
 * the family's custom claims, then {@code exp}, {@code nbf = iat = now - 5 s}, a random {@code jti}; signed by the
 * family's newest key on the crypto worker. Each family's {@code *TokenIssuer} calls it ({@link TokenClaims}).
 */
@ApplicationScoped
public class TokenIssuer {

    /** Kuma's hard-coded allowance for clocks of other machines being behind. */
    static final Duration CLOCK_SKEW = Jwt.CLOCK_SKEW;

    private final SigningKeyManager keys;
    private final CryptoWorker crypto;
    private final InstantSource clock;
    private final TokenMetrics metrics;

    public TokenIssuer(SigningKeyManager keys, CryptoWorker crypto, InstantSource clock, TokenMetrics metrics) {
        this.keys = keys;
        this.crypto = crypto;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @param enabled the family's {@code enableIssuer} switch
     * @throws IssuerDisabledException      (failed Uni) when it is off
     * @throws SigningKeyException.NotFound (failed Uni) when the family has no key
     */
    public Uni<String> issue(TokenClaims claims, Duration validFor, boolean enabled) {
        if (!enabled) {
            return Uni.createFrom().failure(new IssuerDisabledException());
        }
        return issue(claims.family(), claims.signingMesh(), claims.asClaims(), validFor);
    }

    /**
     * @param claims custom claims in the order they are written
     * @throws SigningKeyException.NotFound (failed Uni) when the family has no key
     */
    Uni<String> issue(SigningKeyFamily family, String mesh, Map<String, Object> claims, Duration validFor) {
        var registered = Jwt.registeredClaims(clock.millis(), validFor);
        return keys.latest(family, mesh)
                .chain(key -> crypto.submit(
                        () -> Jwt.sign(Jwt.signingInput(key.kid(), claims, registered), key.privateKey())))
                .invoke(() -> metrics.issued(family));
    }
}
