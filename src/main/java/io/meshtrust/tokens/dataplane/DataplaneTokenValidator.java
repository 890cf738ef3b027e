package io.meshtrust.tokens.dataplane;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Validates dataplane tokens for a dataplane of mesh {@code M} (Kuma's {@code pkg/tokens/builtin/issuer/validator.go}
 * {@code Validate}, the mesh from {@code pkg/xds/auth/universal/authenticator.go} {@code authDataplane}): only a token
 * whose claims name the dataplane family ({@link PresentedToken}); the {@code kid}
 * resolves to a static key configured for {@code M} or for any mesh (a mesh-less key shadows a mesh key with the
 * same kid, as in Kuma), else (with {@code useSecrets}) to {@code dataplane-token-signing-key-M-<kid>}; then time,
 * the mesh's revocation list (Secret {@code dataplane-token-revocations-M}), and the {@code Mesh} claim. Every verdict
 * is counted ({@code kind=dataplane}).
 */
@ApplicationScoped
public class DataplaneTokenValidator {

    private final Map<String, Map<String, PublicKey>> staticKeysByMesh;
    // per mesh: its own static keys overlaid by the mesh-less ones (static configuration, so computed once)
    private final Map<String, Map<String, PublicKey>> staticKeysFor = new ConcurrentHashMap<>();
    private final boolean useSecrets;
    private final TokenVerifier verifier;
    private final SigningKeyAccessor secrets;
    private final Revocations revocations;
    private final InstantSource clock;
    private final TokenMetrics metrics;
    private final LongAdder signatureChecks = new LongAdder();

    public DataplaneTokenValidator(
            KumaConfig config,
            SigningKeyAccessor secrets,
            Revocations revocations,
            InstantSource clock,
            TokenMetrics metrics) {
        var validator = config.dpServer().authn().dpProxy().dpToken().validator();
        this.staticKeysByMesh = byMesh(validator.publicKeys());
        this.useSecrets = validator.useSecrets();
        this.verifier = new TokenVerifier(
                config.apiServer().authn().tokens().validator().requireExpiration(), signatureChecks::increment);
        this.secrets = secrets;
        this.revocations = revocations;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * {@link #validate(PresentedToken, String)} for a token not yet through the strict gate.
     *
     * @throws InvalidTokenException with the reason, for the log
     */
    public DataplaneIdentity validate(String token, String mesh) throws InvalidTokenException {
        PresentedToken presented;
        try {
            presented = PresentedToken.read(token);
        } catch (InvalidTokenException e) {
            metrics.validated(TokenMetrics.Kind.DATAPLANE, false);
            throw e;
        }
        return validate(presented, mesh);
    }

    /**
     * @param mesh the mesh of the dataplane presenting the token
     * @throws InvalidTokenException with the reason, for the log
     */
    public DataplaneIdentity validate(PresentedToken token, String mesh) throws InvalidTokenException {
        boolean accepted = false;
        try {
            DataplaneIdentity identity = check(token, mesh);
            accepted = true;
            return identity;
        } finally {
            metrics.validated(TokenMetrics.Kind.DATAPLANE, accepted);
        }
    }

    /** How many RSA signature verifications this validator ran, for tests. */
    public long signatureChecks() {
        return signatureChecks.sum();
    }

    private DataplaneIdentity check(PresentedToken token, String mesh) throws InvalidTokenException {
        token.requireFamily(SigningKeyFamily.DATAPLANE);
        VerifiedToken verified = verifier.verify(token, kid -> resolve(mesh, kid));
        verified.checkTimes(clock.millis());
        if (revocations.dataplaneTokenRevoked(mesh, verified.jti())) {
            throw new InvalidTokenException("token is revoked");
        }
        var identity = new DataplaneIdentity(
                text(verified, "Name"),
                text(verified, "Mesh"),
                tags(verified),
                text(verified, "Type"),
                text(verified, "Workload"));
        if (!identity.mesh().isEmpty() && !identity.mesh().equals(mesh)) {
            throw new InvalidTokenException(
                    "mesh from requestor: " + mesh + " is different than in token: " + identity.mesh());
        }
        return identity;
    }

    Optional<PublicKey> resolve(String mesh, String kid) {
        PublicKey configured = staticKeysFor
                .computeIfAbsent(mesh, m -> {
                    Map<String, PublicKey> keys = new HashMap<>(staticKeysByMesh.getOrDefault(m, Map.of()));
                    keys.putAll(staticKeysByMesh.getOrDefault("", Map.of()));
                    return Map.copyOf(keys);
                })
                .get(kid);
        if (configured != null) {
            return Optional.of(configured);
        }
        return useSecrets ? secrets.publicKey(SigningKeyFamily.DATAPLANE, mesh, kid) : Optional.empty();
    }

    private static Map<String, Map<String, PublicKey>> byMesh(List<KumaConfig.StaticPublicKey> keys) {
        Map<String, Map<String, PublicKey>> byMesh = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            var entry = keys.get(i);
            var one = StaticKeys.load("kuma.dp-server.authn.dp-proxy.dp-token.validator", List.of(entry), Map.of());
            byMesh.computeIfAbsent(entry.mesh().orElse(""), m -> new HashMap<>())
                    .putAll(one);
        }
        return byMesh;
    }

    private static String text(VerifiedToken token, String claim) throws InvalidTokenException {
        Object v = token.claim(claim);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new InvalidTokenException("token is malformed: could not JSON decode claim: " + claim);
        }
        return s;
    }

    private static Map<String, List<String>> tags(VerifiedToken token) throws InvalidTokenException {
        Object v = token.claim("Tags");
        Map<String, List<String>> tags = new TreeMap<>();
        if (v == null) {
            return tags;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidTokenException("token is malformed: could not JSON decode claim: Tags");
        }
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof List<?> values)) {
                throw new InvalidTokenException("token is malformed: could not JSON decode claim: Tags");
            }
            List<String> strings = new ArrayList<>();
            for (Object o : values) {
                if (!(o instanceof String s)) {
                    throw new InvalidTokenException("token is malformed: could not JSON decode claim: Tags");
                }
                strings.add(s);
            }
            tags.put(String.valueOf(e.getKey()), List.copyOf(strings));
        }
        return tags;
    }
}
