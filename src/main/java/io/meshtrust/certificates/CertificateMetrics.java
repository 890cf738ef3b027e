package io.meshtrust.certificates;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kuma's minting metrics under Kuma's names (docs/kuma-ca-insights.md §9): {@code cert_generation{mesh}},
 * {@code cert_generation_failure{mesh}} and {@code ca_manager_get_cert{backend_name}} (a histogram of issuance latency
 * in milliseconds with the Prometheus client's default buckets, as Kuma has it).
 *
 * <p>The two counts are registered as monotonic gauges: Micrometer's Prometheus registry would publish a counter as
 * {@code cert_generation_total}, and Kuma's dashboards query {@code cert_generation}. {@code rate()} and
 * {@code increase()} work on them the same way. Values are per replica (Prometheus sums across pods).
 */
@ApplicationScoped
public class CertificateMetrics {

    /** Prometheus' default histogram buckets, which Kuma applies to milliseconds. */
    static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> generated = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> latency = new ConcurrentHashMap<>();

    public CertificateMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void generated(String mesh, String backend, double millis) {
        count(generated, "cert_generation", "successful data-plane certificate issuances", mesh)
                .incrementAndGet();
        latency.computeIfAbsent(
                        backend,
                        b -> DistributionSummary.builder("ca_manager_get_cert")
                                .description("data-plane certificate issuance latency in milliseconds")
                                .tag("backend_name", b)
                                .serviceLevelObjectives(DEFAULT_BUCKETS)
                                .register(registry))
                .record(millis);
    }

    public void failed(String mesh) {
        count(failed, "cert_generation_failure", "failed data-plane certificate issuances", mesh)
                .incrementAndGet();
    }

    long generatedCount(String mesh) {
        var c = generated.get(mesh);
        return c == null ? 0 : c.get();
    }

    private AtomicLong count(Map<String, AtomicLong> counts, String name, String help, String mesh) {
        return counts.computeIfAbsent(mesh, m -> {
            var value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::doubleValue)
                    .description(help)
                    .tag("mesh", m)
                    .register(registry);
            return value;
        });
    }
}
