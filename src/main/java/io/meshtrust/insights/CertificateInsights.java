package io.meshtrust.insights;

import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.authn.User;
import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.ca.MeshNotFoundException;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.InsightQueries.CertificateStats;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Certificate insights (meshtrust's own type; README, "Endpoints": {@code GET /meshes/{mesh}/certificate-insights},
 * {@code GET /certificate-insights}): what a dashboard needs about data-plane certificates in one call. Counts come
 * from the store's aggregates ({@link InsightQueries#certificateStats}); CA expirations from each mesh's enabled CA as
 * minting uses it ({@link CaMaterialCache}). A CA that cannot be loaded is listed with its error, it never fails the
 * report. The report holds no certificate, key or PEM; {@code InsightJson#certificateInsights} renders it.
 *
 * <p>The histogram ({@link ExpirationHistogram}) is computed by the same aggregate query, as cumulative windows.
 */
@Singleton
public class CertificateInsights {

    private static final Logger LOG = Logger.getLogger(CertificateInsights.class);
    static final Map<String, Duration> WINDOWS =
            Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));
    static final List<String> WINDOW_ORDER = List.of("1h", "24h", "7d");

    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final InsightQueries queries;
    private final CaMaterialCache cas;
    private final CertStateClock states;

    public CertificateInsights(
            ResourceManager manager,
            AdminResourceAccess access,
            InsightQueries queries,
            CaMaterialCache cas,
            CertStateClock states) {
        this.manager = manager;
        this.access = access;
        this.queries = queries;
        this.cas = cas;
        this.states = states;
    }

    /**
     * What is asked for besides the fixed windows.
     *
     * @param soonest   how many of the soonest expirations to list
     * @param histogram the expiration histogram, if asked for
     */
    public record Request(int soonest, Optional<ExpirationHistogram> histogram) {}

    /**
     * The enabled CA of a mesh with mTLS on: its expiry, or why it could not be loaded.
     *
     * @param type     the backend's type, when known
     * @param notAfter the CA certificate's NotAfter, when it was loaded
     * @param error    why it could not be loaded (safe to show: no key material, no internals)
     */
    public record CaExpiry(
            String mesh, String backend, Optional<String> type, Optional<Instant> notAfter, Optional<String> error) {}

    /**
     * The certificate insights of one mesh or of every mesh at {@code now}.
     *
     * @param histogramCounts per bucket of {@code histogram}, the unexpired certificates expiring in it; empty without
     *                        a histogram
     */
    public record Report(
            Optional<String> mesh,
            Instant now,
            CertificateStats stats,
            List<CaExpiry> authorities,
            Optional<ExpirationHistogram> histogram,
            List<Long> histogramCounts) {
        public Report {
            authorities = List.copyOf(authorities);
            histogramCounts = List.copyOf(histogramCounts);
        }

        /** How many certificates expire within a fixed window ({@link #WINDOW_ORDER}). */
        public long expiringWithin(String window) {
            return stats.expiringWithin().getOrDefault(WINDOWS.get(window), 0L);
        }
    }

    /**
     * The report. Checks in Kuma's order: the mesh exists (when one is named), access to Dataplanes, then the request
     * (parsed by {@code request}, so a bad parameter on a missing mesh is a 404), then the queries.
     *
     * @param mesh one mesh, or empty for every mesh
     */
    public Uni<Report> get(User user, Optional<String> mesh, Supplier<Request> request) {
        Uni<Void> meshFirst = mesh.isEmpty()
                ? Uni.createFrom().voidItem()
                : manager.requireMesh(mesh.get()).replaceWithVoid();
        return meshFirst
                .onItem()
                .invoke(() -> access.check(user, ResourceType.DATAPLANE))
                .map(ignored -> request.get())
                .chain(params -> {
                    CertState.At at = states.now();
                    Instant now = at.now();
                    var windows = new TreeSet<Duration>();
                    WINDOW_ORDER.forEach(w -> windows.add(WINDOWS.get(w)));
                    params.histogram().ifPresent(h -> windows.addAll(h.windows()));
                    return queries.certificateStats(mesh, at, List.copyOf(windows), params.soonest())
                            .chain(stats -> meshes(mesh)
                                    .chain(this::authorities)
                                    .map(authorities -> new Report(
                                            mesh,
                                            now,
                                            stats,
                                            authorities,
                                            params.histogram(),
                                            params.histogram()
                                                    .map(h -> buckets(h, stats))
                                                    .orElse(List.of()))));
                });
    }

    private static List<Long> buckets(ExpirationHistogram histogram, CertificateStats stats) {
        List<Long> counts = new ArrayList<>();
        long before = 0;
        for (Duration window : histogram.windows()) {
            long cumulative = stats.expiringWithin().getOrDefault(window, 0L);
            counts.add(cumulative - before);
            before = cumulative;
        }
        return counts;
    }

    /** The mesh, or every mesh, page by page. */
    private Uni<List<Resource>> meshes(Optional<String> mesh) {
        if (mesh.isPresent()) {
            return manager.get(ResourceKey.global(ResourceType.MESH, mesh.get()))
                    .map(List::of);
        }
        return allMeshes(new ArrayList<>(), 0);
    }

    private Uni<List<Resource>> allMeshes(List<Resource> found, int offset) {
        return manager.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE))
                .chain(page -> {
                    found.addAll(page.items());
                    return page.nextOffset().isPresent()
                            ? allMeshes(found, page.nextOffset().getAsInt())
                            : Uni.createFrom().item(found);
                });
    }

    /** The enabled CA of every mesh with mTLS on, one after the other (the cache makes repeated calls cheap). */
    private Uni<List<CaExpiry>> authorities(List<Resource> meshes) {
        return Multi.createFrom()
                .iterable(meshes)
                .onItem()
                .transformToUniAndConcatenate(this::authority)
                .filter(Optional::isPresent)
                .map(Optional::get)
                .collect()
                .asList();
    }

    private Uni<Optional<CaExpiry>> authority(Resource mesh) {
        Mesh.Mtls mtls = SpecMapper.bind(mesh.spec(), Mesh.class).mtls();
        if (mtls == null || mtls.enabledBackend() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        Optional<String> type = mtls.backends().stream()
                .filter(b -> b.name().equals(mtls.enabledBackend()))
                .findFirst()
                .map(Mesh.Backend::type);
        return cas.get(mesh.name())
                .map(material -> Optional.of(new CaExpiry(
                        mesh.name(),
                        material.backend(),
                        Optional.ofNullable(material.type()),
                        Optional.of(material.issuer().getNotAfter().toInstant()),
                        Optional.empty())))
                .onFailure()
                .recoverWithItem(failure -> {
                    if (failure instanceof CaMaterialCache.MtlsDisabledException
                            || failure instanceof MeshNotFoundException) {
                        return Optional.empty(); // changed since it was listed
                    }
                    String error;
                    if (failure instanceof CaMaterialCache.CaUnavailableException) {
                        error = failure.getMessage();
                    } else {
                        LOG.warnf(failure, "CA of mesh %s could not be loaded for certificate insights", mesh.name());
                        error = "the CA could not be loaded; the control plane log has the details";
                    }
                    return Optional.of(new CaExpiry(
                            mesh.name(), mtls.enabledBackend(), type, Optional.empty(), Optional.of(error)));
                });
    }
}
