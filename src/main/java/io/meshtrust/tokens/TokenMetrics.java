package io.meshtrust.tokens;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Token activity on the diagnostics port (meshtrust's own metrics; Kuma has none for this):
 * <ul>
 *   <li>{@code meshtrust_tokens_issued_total{family="user|dataplane|zone"}}: tokens signed, the admin token included;</li>
 *   <li>{@code meshtrust_token_validations_total{kind="user|dataplane", result="valid|rejected"}}: bearer tokens
 *       checked, counted in the token layer only: each family's validator counts its verdicts (user tokens on every
 *       request that presents one, whether the signature cache answered or not; dataplane tokens by the certificate
 *       and heartbeat endpoints), and {@link TokenAuthentication} counts a token it refuses before any validator (not
 *       in the one accepted spelling, or of a family not taken there) as the kind the route takes. A rejection is
 *       anything that makes the token unusable: bad signature, unknown key, expired, revoked, malformed. A dataplane
 *       token on a dataplane endpoint is never checked as a user token, so a healthy fleet shows no rejections.</li>
 * </ul>
 * Every series exists from startup (at zero), so that rates and alerts see the first event. The labels are closed
 * sets: never a user, a mesh or a reason, which would make the series unbounded or leak names.
 */
@Singleton
public class TokenMetrics {

    /** What {@link #validated} counts. */
    public enum Kind {
        USER,
        DATAPLANE
    }

    private final Map<SigningKeyFamily, Counter> issued = new EnumMap<>(SigningKeyFamily.class);
    private final Map<Kind, Counter> valid = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> rejected = new EnumMap<>(Kind.class);

    public TokenMetrics(MeterRegistry registry) {
        for (SigningKeyFamily family : SigningKeyFamily.values()) {
            issued.put(
                    family,
                    Counter.builder("meshtrust.tokens.issued")
                            .description("Tokens signed by this replica, by family")
                            .tag("family", family.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        for (Kind kind : Kind.values()) {
            valid.put(kind, validations(registry, kind, "valid"));
            rejected.put(kind, validations(registry, kind, "rejected"));
        }
    }

    private static Counter validations(MeterRegistry registry, Kind kind, String result) {
        return Counter.builder("meshtrust.token.validations")
                .description("Bearer tokens checked by this replica, by kind and result")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("result", result)
                .register(registry);
    }

    public void issued(SigningKeyFamily family) {
        issued.get(family).increment();
    }

    public void validated(Kind kind, boolean accepted) {
        (accepted ? valid : rejected).get(kind).increment();
    }
}
