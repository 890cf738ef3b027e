package io.meshtrust.certificates;

import io.meshtrust.ca.CaMaterialCache;
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
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Aggregate gauges refreshed in the background: {@code ca_cert_expiration_timestamp_seconds{mesh,backend}}, the
 * NotAfter (Unix seconds) of each mesh's enabled CA (the first certificate of its chain). Every replica publishes the
 * same values; aggregate with {@code max by (mesh, backend)}. Never one series per dataplane.
 */
@ApplicationScoped
public class CertificateGauges {

    private static final Logger LOG = Logger.getLogger(CertificateGauges.class);

    private final ResourceStore store;
    private final CaMaterialCache cas;
    private final Vertx vertx;
    private final Duration interval;
    private final MultiGauge caExpiration;
    private long timer = -1;

    public CertificateGauges(ResourceStore store, CaMaterialCache cas, MeterRegistry registry, Vertx vertx,
            @ConfigProperty(name = "meshtrust.metrics.refresh-interval", defaultValue = "30s") Duration interval) {
        this.store = store;
        this.cas = cas;
        this.vertx = vertx;
        this.interval = interval;
        this.caExpiration = MultiGauge.builder("ca_cert_expiration_timestamp_seconds")
                .description("NotAfter of the enabled CA of each mesh, as a Unix timestamp")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refresh().subscribe().with(ignored -> {}, e -> LOG.debugf("gauges not refreshed: %s", e.getMessage()));
        timer = vertx.setPeriodic(interval.toMillis(), id -> refresh().subscribe()
                .with(ignored -> {}, e -> LOG.debugf("gauges not refreshed: %s", e.getMessage())));
    }

    /** Reads every mesh's CA and republishes the gauges. */
    public Uni<Void> refresh() {
        return meshes().chain(meshes -> Multi.createFrom().iterable(meshes)
                .onItem().transformToUniAndConcatenate(mesh -> cas.get(mesh.name())
                        .map(ca -> MultiGauge.Row.of(Tags.of("mesh", mesh.name(), "backend", ca.backend()),
                                (double) ca.issuer().getNotAfter().toInstant().getEpochSecond()))
                        .onFailure().recoverWithNull())
                .filter(row -> row != null)
                .collect().asList())
                .invoke(rows -> caExpiration.register(rows, true))
                .replaceWithVoid();
    }

    private Uni<List<Resource>> meshes() {
        return page(0, new ArrayList<>());
    }

    private Uni<List<Resource>> page(int offset, List<Resource> into) {
        return store.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE)).chain(page -> {
            page.items().stream().filter(CertificateGauges::mtlsEnabled).forEach(into::add);
            return page.nextOffset().isPresent() ? page(page.nextOffset().getAsInt(), into)
                    : Uni.createFrom().item(into);
        });
    }

    private static boolean mtlsEnabled(Resource mesh) {
        Mesh.Mtls mtls = SpecMapper.bind(mesh.spec(), Mesh.class).mtls();
        return mtls != null && mtls.enabledBackend() != null && !mtls.enabledBackend().isEmpty();
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
