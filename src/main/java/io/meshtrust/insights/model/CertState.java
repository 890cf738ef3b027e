package io.meshtrust.insights.model;

import io.meshtrust.store.DataplaneInsight;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a dataplane's current certificate at an instant, as the {@code certState} list filter and the
 * certificate insights count it. The states are exclusive and, with {@link At} giving {@code now} and the overdue
 * grace, exhaustive:
 *
 * <ul>
 *   <li>{@code none}: no certificate is known (no insight, or no {@code mTLS.certificateExpirationTime});</li>
 *   <li>{@code expired}: {@code notAfter <= now};</li>
 *   <li>{@code overdue}: {@code renewAfter + grace <= now < notAfter}: the data plane should have renewed and did
 *       not (README, "Certificate states");</li>
 *   <li>{@code renew-due}: {@code renewAfter <= now < renewAfter + grace} and {@code now < notAfter};</li>
 *   <li>{@code valid}: {@code now < notAfter} and {@code now < renewAfter}, or no {@code renewAfter} is known (mTLS
 *       statistics imported from Kuma carry none: such a certificate is valid until it expires).</li>
 * </ul>
 *
 * <p>{@code notAfter} is the insight's {@code mTLS.certificateExpirationTime}, the value both stores index. The rule
 * is stated once, here ({@link #of(Instant, Instant, At)}); the store adapters mirror it with the same two instants,
 * {@link At#now()} and {@link At#overdueSince()} ({@code renewAfter <= overdueSince} is overdue), so that a
 * comparison with a bound parameter is all SQL needs.
 */
public enum CertState {
    VALID("valid"),
    RENEW_DUE("renew-due"),
    OVERDUE("overdue"),
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
        return List.of(EXPIRED.value, OVERDUE.value, RENEW_DUE.value, VALID.value, NONE.value);
    }

    /**
     * The instant states are evaluated at, with the overdue grace ({@code meshtrust.certificates.overdue-grace}).
     *
     * @param now          the evaluation instant
     * @param overdueSince {@code now - grace}: a certificate whose {@code renewAfter} is at or before it is overdue
     */
    public record At(Instant now, Instant overdueSince) {
        public At {
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(overdueSince, "overdueSince");
            if (overdueSince.isAfter(now)) {
                throw new IllegalArgumentException("overdueSince is after now: the grace is negative");
            }
        }

        /** {@code now} with a grace of {@code grace} (zero or more). */
        public static At of(Instant now, Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the overdue grace is negative: " + grace);
            }
            return new At(now, now.minus(grace));
        }

        /** The grace these instants stand for. */
        public Duration grace() {
            return Duration.between(overdueSince, now);
        }
    }

    /** The state of {@code insight}'s certificate at {@code at}; {@code insight} may be null. */
    public static CertState of(DataplaneInsight insight, At at) {
        Instant notAfter = notAfter(insight);
        if (notAfter == null) {
            return NONE;
        }
        return of(notAfter, renewAfter(insight), at);
    }

    /** The state of a certificate with these bounds at {@code at}; {@code renewAfter} may be null. */
    public static CertState of(Instant notAfter, Instant renewAfter, At at) {
        if (!notAfter.isAfter(at.now())) {
            return EXPIRED;
        }
        if (renewAfter == null || renewAfter.isAfter(at.now())) {
            return VALID;
        }
        return renewAfter.isAfter(at.overdueSince()) ? RENEW_DUE : OVERDUE;
    }

    /** The expiration the states are computed from, or null. */
    public static Instant notAfter(DataplaneInsight insight) {
        return insight == null || insight.mtls() == null ? null : insight.mtls().certificateExpirationTime();
    }

    static Instant renewAfter(DataplaneInsight insight) {
        return insight.certificate() == null ? null : insight.certificate().renewAfter();
    }
}
