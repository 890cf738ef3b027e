package io.meshtrust.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * meshtrust's own settings, the ones Kuma has no key for, in one mapping beside {@link KumaConfig}: every
 * {@code meshtrust.*} property is declared here, read by the feature through this interface (environment variables
 * work as usual: {@code meshtrust.crypto.workers} is {@code MESHTRUST_CRYPTO_WORKERS}). {@code quarkus.*} settings
 * stay Quarkus'.
 */
@ConfigMapping(prefix = "meshtrust")
public interface MeshtrustConfig {

    Crypto crypto();

    Certificates certificates();

    Metrics metrics();

    Store store();

    interface Crypto {
        /** Signing threads (RSA and EC signatures, JWT signing); 0 = one per core. */
        @WithDefault("0")
        int workers();

        /**
         * RSA key-generation threads; 0 = half the cores (at least one). Key generation costs about 85 signatures;
         * on its own smaller pool a burst of it cannot take every core from the event loops.
         */
        @WithDefault("0")
        int keygenWorkers();
    }

    /** Data-plane certificate rotation (README, "CA rotation"). */
    interface Certificates {
        /**
         * When a change of the mesh's trust or issuer makes every certificate due, the due times are spread over this
         * share of each certificate's lifetime (issue 15 point 3), at most {@link #renewalSpreadMax()}. 0 = all at once.
         */
        @WithDefault("0.05")
        double renewalSpreadFraction();

        /** The longest renewal spread window, whatever the lifetime. */
        @WithDefault("10m")
        Duration renewalSpreadMax();

        /**
         * A certificate past its {@code renewAfter} by more than this is {@code overdue}: its data plane should have
         * renewed and did not (issue 15 point 5).
         */
        @WithDefault("10m")
        Duration overdueGrace();
    }

    interface Metrics {
        /** How often the certificate gauges (CA expiration, data-plane certificate states) are recomputed. */
        @WithDefault("30s")
        Duration refreshInterval();
    }

    interface Store {
        /**
         * Derived, not set by users: whether {@code kuma.store.type} selects PostgreSQL, written by
         * {@link io.meshtrust.store.StoreSelectionConfigInterceptor} for {@code quarkus.datasource.active}.
         */
        @WithDefault("false")
        boolean postgresSelected();
    }
}
