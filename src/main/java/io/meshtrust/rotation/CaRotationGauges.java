package io.meshtrust.rotation;

import io.meshtrust.config.MeshtrustConfig;
import io.meshtrust.insights.model.RotationQueries.Reason;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * CA rotation as aggregates (issue 15 point 4), refreshed every {@code meshtrust.metrics.refresh-interval} for meshes
 * with mTLS on, never one series per data plane:
 *
 * <ul>
 *   <li>{@code ca_rotation_dataplanes{mesh,backend,relation}}: holders of an unexpired certificate that trust the
 *       backend ({@code relation} {@code trusts_online}, {@code trusts_offline}) or hold a certificate it issued
 *       ({@code issued_online}, {@code issued_offline});</li>
 *   <li>{@code ca_rotation_phase{mesh,phase}}: 1 for the mesh's current phase, 0 for the others;</li>
 *   <li>{@code ca_rotation_laggards{mesh,reason}}: holders holding the next step up, by reason.</li>
 * </ul>
 *
 * The stall alert (deployment/observability/prometheus-rules.yaml) reads the last two. Every replica publishes the same
 * values; aggregate with {@code max by (...)}.
 */
@ApplicationScoped
public class CaRotationGauges {

    private static final Logger LOG = Logger.getLogger(CaRotationGauges.class);

    private final ResourceStore store;
    private final CaRotation rotation;
    private final Vertx vertx;
    private final Duration interval;
    private final MultiGauge dataplanes;
    private final MultiGauge phases;
    private final MultiGauge laggards;
    private long timer = -1;

    public CaRotationGauges(
            ResourceStore store, CaRotation rotation, MeterRegistry registry, Vertx vertx, MeshtrustConfig config) {
        this.store = store;
        this.rotation = rotation;
        this.vertx = vertx;
        this.interval = config.metrics().refreshInterval();
        this.dataplanes = MultiGauge.builder("ca_rotation_dataplanes")
                .description("dataplanes holding an unexpired certificate, by mesh, CA backend and relation"
                        + " (trusts_online, trusts_offline, issued_online, issued_offline)")
                .register(registry);
        this.phases = MultiGauge.builder("ca_rotation_phase")
                .description("1 for the current CA rotation phase of each mesh with mTLS on, 0 for the others")
                .register(registry);
        this.laggards = MultiGauge.builder("ca_rotation_laggards")
                .description("dataplanes holding the next CA rotation step up, by mesh and reason")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refresh().subscribe().with(ignored -> {}, e -> LOG.debugf("rotation gauges not refreshed: %s", e.getMessage()));
        timer = vertx.setPeriodic(
                interval.toMillis(),
                id -> refresh()
                        .subscribe()
                        .with(ignored -> {}, e -> LOG.debugf("rotation gauges not refreshed: %s", e.getMessage())));
    }

    /** Reads every mesh's progress and republishes the gauges. */
    public Uni<Void> refresh() {
        return collect(0, new ArrayList<>())
                .invoke(all -> {
                    List<MultiGauge.Row<?>> d = new ArrayList<>();
                    List<MultiGauge.Row<?>> p = new ArrayList<>();
                    List<MultiGauge.Row<?>> l = new ArrayList<>();
                    for (RotationProgress progress : all) {
                        if (!progress.mtlsEnabled()) {
                            continue;
                        }
                        String mesh = progress.mesh();
                        for (var b : progress.backends()) {
                            d.add(row(
                                    Tags.of("mesh", mesh, "backend", b.name(), "relation", "trusts_online"),
                                    b.trustedBy().online()));
                            d.add(row(
                                    Tags.of("mesh", mesh, "backend", b.name(), "relation", "trusts_offline"),
                                    b.trustedBy().offline()));
                            d.add(row(
                                    Tags.of("mesh", mesh, "backend", b.name(), "relation", "issued_online"),
                                    b.issuerOf().online()));
                            d.add(row(
                                    Tags.of("mesh", mesh, "backend", b.name(), "relation", "issued_offline"),
                                    b.issuerOf().offline()));
                        }
                        for (RotationProgress.Phase phase : RotationProgress.Phase.values()) {
                            p.add(row(
                                    Tags.of("mesh", mesh, "phase", phase.value()), phase == progress.phase() ? 1 : 0));
                        }
                        for (Reason reason : Reason.values()) {
                            l.add(row(
                                    Tags.of("mesh", mesh, "reason", reason.spelling()),
                                    progress.laggards().getOrDefault(reason, 0L)));
                        }
                    }
                    dataplanes.register(d, true);
                    phases.register(p, true);
                    laggards.register(l, true);
                })
                .replaceWithVoid();
    }

    private Uni<List<RotationProgress>> collect(int offset, List<RotationProgress> into) {
        return store.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE))
                .chain(page -> rotation.progress(page).chain(items -> {
                    into.addAll(items);
                    return page.nextOffset().isPresent()
                            ? collect(page.nextOffset().getAsInt(), into)
                            : Uni.createFrom().item(into);
                }));
    }

    private static MultiGauge.Row<?> row(Tags tags, long value) {
        return MultiGauge.Row.of(tags, (double) value);
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
