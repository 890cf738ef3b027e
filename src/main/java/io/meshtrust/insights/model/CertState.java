package io.meshtrust.insights.model;

import io.meshtrust.store.DataplaneInsight;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The state of a dataplane's current certificate at an instant, as the {@code certState} list filter and the
 * certificate insights count it. The states are exclusive:
 *
 * <ul>
 *   <li>{@code none}: no certificate is known (no insight, or no {@code mTLS.certificateExpirationTime});</li>
 *   <li>{@code expired}: {@code notAfter <= now};</li>
 *   <li>{@code renew-due}: {@code renewAfter <= now < notAfter};</li>
 *   <li>{@code valid}: {@code now < notAfter} and {@code now < renewAfter}, or no {@code renewAfter} is known (mTLS
 *       statistics imported from Kuma carry none: such a certificate is valid until it expires).</li>
 * </ul>
 *
 * <p>{@code notAfter} is the insight's {@code mTLS.certificateExpirationTime}, the value both stores index.
 */
public enum CertState {
    VALID("valid"),
    RENEW_DUE("renew-due"),
    EXPIRED("expired"),
    NONE("none");

    private final String value;

    CertState(String value) {
        this.value = value;
    }

    /** The query-parameter spelling. */
    public String value() {
        return value;
    }

    public static Optional<CertState> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    /** The spellings, in the order error messages list them. */
    public static List<String> spellings() {
        return List.of(EXPIRED.value, RENEW_DUE.value, VALID.value, NONE.value);
    }

    /** The state of {@code insight}'s certificate at {@code now}; {@code insight} may be null. */
    public static CertState of(DataplaneInsight insight, Instant now) {
        Instant notAfter = notAfter(insight);
        if (notAfter == null) {
            return NONE;
        }
        return of(notAfter, renewAfter(insight), now);
    }

    /** The state of a certificate with these bounds at {@code now}; {@code renewAfter} may be null. */
    public static CertState of(Instant notAfter, Instant renewAfter, Instant now) {
        if (!notAfter.isAfter(now)) {
            return EXPIRED;
        }
        if (renewAfter != null && !renewAfter.isAfter(now)) {
            return RENEW_DUE;
        }
        return VALID;
    }

    /** The expiration the states are computed from, or null. */
    public static Instant notAfter(DataplaneInsight insight) {
        return insight == null || insight.mtls() == null ? null : insight.mtls().certificateExpirationTime();
    }

    static Instant renewAfter(DataplaneInsight insight) {
        return insight.certificate() == null ? null : insight.certificate().renewAfter();
    }
}
