package io.meshtrust.tokens.user;

import io.meshtrust.authn.User;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.signingkeys.SigningKeyAccessor;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.tokens.InvalidTokenException;
import io.meshtrust.tokens.PresentedToken;
import io.meshtrust.tokens.Revocations;
import io.meshtrust.tokens.StaticKeys;
import io.meshtrust.tokens.TokenMetrics;
import io.meshtrust.tokens.TokenVerifier;
import io.meshtrust.tokens.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Validates user tokens for the API server (Kuma's {@code pkg/plugins/authn/api-server/tokens/issuer/validator.go}
 * {@code Validate} over {@code pkg/core/tokens/validator.go} {@code ParseWithValidation}): only a token whose claims
 * name the user family ({@link PresentedToken}); the {@code kid} resolves to a static key first, else (with
 * {@code useSecrets}) to a {@code user-token-signing-key-<kid>} secret, and no other key is tried after a bad
 * signature; then time and revocation. Every verdict is counted ({@code kind=user}).
 *
 * <p>A token seen before is served from a cache without any signature work. The cache only remembers the verified
 * signature: every hit re-checks expiry and not-before against the clock, the revocation list, and that the kid
 * still resolves to the very key that verified it, so a revoked, expired or key-deleted token is refused at once.
 */
@ApplicationScoped
public class UserTokenValidator {

    static final int CACHE_LIMIT = 10_000;

    private final Map<String, PublicKey> staticKeys;
    private final boolean useSecrets;
    private final TokenVerifier verifier;
    private final SigningKeyAccessor secrets;
    private final Revocations revocations;
    private final InstantSource clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final LongAdder signatureChecks = new LongAdder();
    private final TokenMetrics metrics;

    public UserTokenValidator(
            KumaConfig config,
            SigningKeyAccessor secrets,
            Revocations revocations,
            InstantSource clock,
            TokenMetrics metrics) {
        var validator = config.apiServer().authn().tokens().validator();
        this.staticKeys = StaticKeys.load(
                "kuma.api-server.authn.tokens.validator", validator.publicKeys(), validator.staticPublicKeys());
        this.useSecrets = validator.useSecrets();
        this.verifier = new TokenVerifier(validator.requireExpiration(), signatureChecks::increment);
        this.secrets = secrets;
        this.revocations = revocations;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * {@link #validate(PresentedToken)} for a token not yet through the strict gate.
     *
     * @throws InvalidTokenException with the reason, for the log
     */
    public User validate(String token) throws InvalidTokenException {
        PresentedToken presented;
        try {
            presented = PresentedToken.read(token);
        } catch (InvalidTokenException e) {
            metrics.validated(TokenMetrics.Kind.USER, false);
            throw e;
        }
        return validate(presented);
    }

    /**
     * @return the token's user, with {@code mesh-system:authenticated} appended
     * @throws InvalidTokenException with the reason, for the log
     */
    public User validate(PresentedToken token) throws InvalidTokenException {
        boolean accepted = false;
        try {
            User user = check(token);
            accepted = true;
            return user;
        } finally {
            metrics.validated(TokenMetrics.Kind.USER, accepted);
        }
    }

    private User check(PresentedToken token) throws InvalidTokenException {
        token.requireFamily(SigningKeyFamily.USER);
        Entry entry = cache.get(token.raw());
        if (entry == null
                || resolve(entry.token().kid()).orElse(null) != entry.token().key()) {
            VerifiedToken verified = verifier.verify(token, this::resolve);
            entry = new Entry(verified, user(verified));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear(); // simple bound; a full cache only costs one signature check per token
            }
            cache.put(token.raw(), entry);
        }
        entry.token().checkTimes(clock.millis());
        if (revocations.userTokenRevoked(entry.token().jti())) {
            throw new InvalidTokenException("token is revoked");
        }
        return entry.user();
    }

    Optional<PublicKey> resolve(String kid) {
        PublicKey configured = staticKeys.get(kid);
        if (configured != null) {
            return Optional.of(configured);
        }
        return useSecrets ? secrets.publicKey(SigningKeyFamily.USER, "", kid) : Optional.empty();
    }

    /** How many RSA signature verifications this validator ran (cache misses), for tests. */
    public long signatureChecks() {
        return signatureChecks.sum();
    }

    private static User user(VerifiedToken token) throws InvalidTokenException {
        Object name = token.claim("Name");
        if (!(name instanceof String n)) {
            throw new InvalidTokenException("token is malformed: could not JSON decode claim: Name is not a string");
        }
        Object groups = token.claim("Groups");
        List<String> list = new ArrayList<>();
        if (groups instanceof List<?> g) {
            for (Object o : g) {
                if (!(o instanceof String s)) {
                    throw new InvalidTokenException("token is malformed: could not JSON decode claim: Groups");
                }
                list.add(s);
            }
        } else if (groups != null) {
            throw new InvalidTokenException("token is malformed: could not JSON decode claim: Groups is not a list");
        }
        return new User(n, list).authenticated();
    }

    private record Entry(VerifiedToken token, User user) {}
}
