package io.meshtrust.insights;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.values.GoDuration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Online or Offline. A data plane is Online when it has been in contact within
 * {@code KUMA_METRICS_DATAPLANE_IDLE_TIMEOUT} (a certificate request or a heartbeat), or when its insight carries a
 * Kuma xDS subscription that is connected and not disconnected (Kuma's rule,
 * {@code api/mesh/v1alpha1/dataplane_insight_helpers.go}, {@code DataplaneInsight.IsOnline}); Offline
 * otherwise, also when it has no insight at all.
 */
@ApplicationScoped
public class DataplaneStatus {

    public enum Status {
        ONLINE("Online"),
        OFFLINE("Offline");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Duration idleTimeout;

    @Inject
    public DataplaneStatus(KumaConfig config) {
        this(parse(config.metrics().dataplane().idleTimeout()));
    }

    public DataplaneStatus(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Status of(DataplaneInsight insight, Instant now) {
        return insight != null && insight.connected(onlineSince(now)) ? Status.ONLINE : Status.OFFLINE;
    }

    /** Contacts at or after this instant make a data plane Online at {@code now}. */
    public Instant onlineSince(Instant now) {
        return now.minus(idleTimeout);
    }

    private static Duration parse(String text) {
        try {
            return GoDuration.parse(text);
        } catch (GoDuration.InvalidDurationException e) {
            throw new IllegalArgumentException("KUMA_METRICS_DATAPLANE_IDLE_TIMEOUT: " + e.getMessage(), e);
        }
    }
}
