package io.meshtrust.certificates;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.values.GoDuration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application's {@link CertGenerationLimiter}, built from {@code kuma.general.cert-generation-*}, with Kuma's two
 * gauges: {@code cert_generation_backoff} (proxies backing off) and {@code cert_generation_circuit_open} (backends
 * whose circuit is open; 0 or 1 per backend). Both are computed at scrape time, so an elapsed backoff or cooldown is
 * never reported stale. Per replica, like the limiter (Prometheus sums across pods).
 */
public class CertGenerationLimits {

    @Produces
    @Singleton
    CertGenerationLimiter limiter(KumaConfig config, InstantSource clock, MeterRegistry registry) {
        KumaConfig.General general = config.general();
        var limiter = CertGenerationLimiter.of(
                duration(general.certGenerationBaseBackoff()),
                duration(general.certGenerationMaxBackoff()),
                general.certGenerationCircuitBreakerMinProxies(),
                clock,
                () -> ThreadLocalRandom.current().nextDouble());
        registerGauges(limiter, registry);
        return limiter;
    }

    /** Registers Kuma's gauges for {@code limiter}; no labels, as in Kuma. */
    static void registerGauges(CertGenerationLimiter limiter, MeterRegistry registry) {
        Gauge.builder("cert_generation_backoff", limiter, CertGenerationLimiter::backingOffProxies)
                .description("Number of proxies currently backing off certificate generation after a failure")
                .register(registry);
        Gauge.builder("cert_generation_circuit_open", limiter, CertGenerationLimiter::openCircuits)
                .description("Number of backends whose certificate issuance circuit breaker is currently open")
                .register(registry);
    }

    // SettingValueCheck has already rejected anything that is not a Go duration.
    private static Duration duration(String text) {
        try {
            return GoDuration.parse(text);
        } catch (GoDuration.InvalidDurationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
