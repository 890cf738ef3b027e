package io.meshtrust.certificates;

import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.config.MeshtrustConfig;
import io.meshtrust.insights.CertStateClock;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Aggregate gauges refreshed in the background: {@code ca_cert_expiration_timestamp_seconds{mesh,backend}}, the
 * NotAfter (Unix seconds) of each mesh's enabled CA (the first certificate of its chain), and
 * {@code dataplane_certificates{mesh,state}}, how many dataplanes of each mesh are in each certificate state
 * ({@code valid}, {@code renew-due}, {@code overdue}, {@code expired}, {@code none}; README, "Certificate states"),
 * counted by the store. Every replica publishes
 * the same values; aggregate with {@code max by (...)}. Never one series per dataplane.
 */
@ApplicationScoped
public class CertificateGauges {

    private static final Logger LOG = Logger.getLogger(CertificateGauges.class);

    private final ResourceStore store;
    private final CaMaterialCache cas;
    private final Vertx vertx;
    private final Duration interval;
    private final InsightQueries insights;
    private final CertStateClock states;
    private final MultiGauge caExpiration;
    private final MultiGauge dataplaneCertificates;
    private long timer = -1;

    public CertificateGauges(
            ResourceStore store,
            CaMaterialCache cas,
            InsightQueries insights,
            CertStateClock states,
            MeterRegistry registry,
            Vertx vertx,
            MeshtrustConfig config) {
        this.store = store;
        this.insights = insights;
        this.states = states;
        this.cas = cas;
        this.vertx = vertx;
        this.interval = config.metrics().refreshInterval();
        this.caExpiration = MultiGauge.builder("ca_cert_expiration_timestamp_seconds")
                .description("NotAfter of the enabled CA of each mesh, as a Unix timestamp")
                .register(registry);
        this.dataplaneCertificates = MultiGauge.builder("dataplane_certificates")
                .description("dataplanes per mesh and certificate state (valid, renew-due, overdue, expired, none)")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refresh().subscribe().with(ignored -> {}, e -> LOG.debugf("gauges not refreshed: %s", e.getMessage()));
        timer = vertx.setPeriodic(
                interval.toMillis(),
                id -> refresh()
                        .subscribe()
                        .with(ignored -> {}, e -> LOG.debugf("gauges not refreshed: %s", e.getMessage())));
    }

    /** Reads every mesh's CA and certificate counts and republishes the gauges. */
    public Uni<Void> refresh() {
        return refreshCas().chain(this::refreshStates);
    }

    private Uni<Void> refreshStates() {
        CertState.At at = states.now();
        return meshes(false)
                .chain(meshes -> Multi.createFrom()
                        .iterable(meshes)
                        .onItem()
                        .transformToUniAndConcatenate(
                                mesh -> insights.certificateStats(Optional.of(mesh.name()), at, List.of(), 0)
                                        .map(stats -> rows(mesh.name(), stats.states())))
                        .collect()
                        .asList())
                .invoke(rows -> dataplaneCertificates.register(
                        rows.stream().flatMap(List::stream).toList(), true))
                .replaceWithVoid();
    }

    private static List<MultiGauge.Row<?>> rows(String mesh, InsightQueries.StateCounts counts) {
        return Arrays.stream(CertState.values())
                .<MultiGauge.Row<?>>map(state -> row(mesh, state, counts.of(state)))
                .toList();
    }

    private static MultiGauge.Row<?> row(String mesh, CertState state, long count) {
        return MultiGauge.Row.of(Tags.of("mesh", mesh, "state", state.value()), (double) count);
    }

    private Uni<Void> refreshCas() {
        return meshes(true)
                .chain(meshes -> Multi.createFrom()
                        .iterable(meshes)
                        .onItem()
                        .transformToUniAndConcatenate(mesh -> cas.get(mesh.name())
                                .map(ca -> MultiGauge.Row.of(
                                        Tags.of("mesh", mesh.name(), "backend", ca.backend()), (double) ca.issuer()
                                                .getNotAfter()
                                                .toInstant()
                                                .getEpochSecond()))
                                .onFailure()
                                .recoverWithNull())
                        .filter(row -> row != null)
                        .collect()
                        .asList())
                .invoke(rows -> caExpiration.register(rows, true))
                .replaceWithVoid();
    }

    private Uni<List<Resource>> meshes(boolean withMtlsOnly) {
        return page(0, withMtlsOnly, new ArrayList<>());
    }

    private Uni<List<Resource>> page(int offset, boolean withMtlsOnly, List<Resource> into) {
        return store.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE))
                .chain(page -> {
                    page.items().stream()
                            .filter(m -> !withMtlsOnly || mtlsEnabled(m))
                            .forEach(into::add);
                    return page.nextOffset().isPresent()
                            ? page(page.nextOffset().getAsInt(), withMtlsOnly, into)
                            : Uni.createFrom().item(into);
                });
    }

    private static boolean mtlsEnabled(Resource mesh) {
        Mesh.Mtls mtls = SpecMapper.bind(mesh.spec(), Mesh.class).mtls();
        return mtls != null
                && mtls.enabledBackend() != null
                && !mtls.enabledBackend().isEmpty();
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
