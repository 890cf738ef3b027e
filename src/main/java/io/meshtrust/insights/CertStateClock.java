package io.meshtrust.insights;

import io.meshtrust.config.MeshtrustConfig;
import io.meshtrust.insights.model.CertState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The instant certificate states are evaluated at, with the overdue grace ({@code meshtrust.certificates.overdue-grace},
 * README, "Certificate states"): every place that shows a {@link CertState} (lists, certificate insights, the
 * dataplane certificate status, the gauges, the dashboard) takes its {@link CertState.At} from here, so that they all
 * apply the same grace.
 */
@ApplicationScoped
public class CertStateClock {

    private final InstantSource clock;
    private final Duration grace;

    @Inject
    public CertStateClock(InstantSource clock, MeshtrustConfig config) {
        this(clock, config.certificates().overdueGrace());
    }

    public CertStateClock(InstantSource clock, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("meshtrust.certificates.overdue-grace is negative: " + grace);
        }
        this.clock = clock;
        this.grace = grace;
    }

    /** The states' instant now. */
    public CertState.At now() {
        return at(clock.instant());
    }

    /** The clock's instant, for what is rendered beside the states (Online status). */
    public Instant instant() {
        return clock.instant();
    }

    /** The states' instant at {@code now}, with the configured grace. */
    public CertState.At at(Instant now) {
        return CertState.At.of(now, grace);
    }

    public Duration grace() {
        return grace;
    }
}
