package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.User;
import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.InsightQueries;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * {@code GET /meshes/{mesh}/certificate-insights} and {@code GET /certificate-insights} (meshtrust, product §2):
 * what a dashboard needs about data-plane certificates in one call. Counts come from the store's aggregates
 * ({@link InsightQueries#certificateStats}); CA expirations from each mesh's enabled CA as minting uses it
 * ({@link CaMaterialCache}). A CA that cannot be loaded is listed with its error, it never fails the response. No
 * certificate, key or PEM is part of the response.
 *
 * <pre>
 * {"type": "CertificateInsights", "mesh": "m1" (mesh-scoped only), "creationTime": now,
 *  "dataplanes": {"total", "valid", "renewDue", "expired", "none"},
 *  "expiringWithin": {"1h", "24h", "7d"},
 *  "backends": {"&lt;issued backend&gt;": {"total", "valid", "renewDue", "expired"}},
 *  "soonest": [{"mesh", "name", "certificateExpirationTime", "issuedBackend", "state"}],
 *  "certificateAuthorities": [{"mesh", "backend", "type", "notAfter" | "error"}],
 *  "expirationHistogram": {"from", "until", "bucketSeconds", "counts": [n, ...]}}   (only with ?histogram=)
 * </pre>
 * {@code ?histogram=7d&buckets=28} adds how many unexpired certificates expire in each of {@code buckets} equal
 * slices of the next {@code histogram} (Kuma's duration grammar; {@code buckets} 1 to 100, default 24): the
 * timeline a dashboard draws. It is computed by the same aggregate query, as cumulative windows.
 * Counts are always present, zeros included (this is meshtrust's type, not a protobuf one).
 */
@Singleton
public class CertificateInsights {

    private static final Logger LOG = Logger.getLogger(CertificateInsights.class);
    static final String TYPE = "CertificateInsights";
    static final Map<String, Duration> WINDOWS =
            Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));
    static final List<String> WINDOW_ORDER = List.of("1h", "24h", "7d");

    private final ResourceEndpoints endpoints;
    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final InsightQueries queries;
    private final CaMaterialCache cas;
    private final InstantSource clock;

    public CertificateInsights(ResourceEndpoints endpoints, ResourceManager manager, AdminResourceAccess access,
            InsightQueries queries, CaMaterialCache cas, InstantSource clock) {
        this.endpoints = endpoints;
        this.manager = manager;
        this.access = access;
        this.queries = queries;
        this.cas = cas;
        this.clock = clock;
    }

    /**
     * @param mesh      one mesh, or empty for every mesh
     * @param routePath the route template, for parameter violations
     */
    public Uni<Response> get(User user, Optional<String> mesh, UriInfo uri, String routePath) {
        return endpoints.meshFirst(ResourceType.DATAPLANE, mesh.orElse(""))
                .onItem().invoke(() -> access.check(user, ResourceType.DATAPLANE))
                .map(ignored -> new Params(InsightParams.soonest(uri.getQueryParameters(), routePath),
                        InsightParams.histogram(uri.getQueryParameters(), routePath)))
                .chain(params -> {
                    Instant now = clock.instant();
                    var windows = new TreeSet<Duration>();
                    WINDOW_ORDER.forEach(w -> windows.add(WINDOWS.get(w)));
                    params.histogram().ifPresent(h -> windows.addAll(h.windows()));
                    return queries.certificateStats(mesh, now, List.copyOf(windows), params.soonest())
                            .chain(stats -> meshes(mesh).chain(this::authorities)
                                    .map(authorities -> {
                                        ObjectNode json = render(mesh, now, stats, authorities);
                                        params.histogram().ifPresent(h -> histogram(json, h, now, stats));
                                        return ResourceEndpoints.ok(json);
                                    }));
                })
                .onFailure().transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private static ObjectNode render(
            Optional<String> mesh, Instant now, InsightQueries.CertificateStats stats, List<ObjectNode> authorities) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", TYPE);
        mesh.ifPresent(m -> json.put("mesh", m));
        json.put("creationTime", InsightJson.time(now));
        ObjectNode dataplanes = json.putObject("dataplanes");
        dataplanes.put("total", stats.states().total());
        counts(dataplanes, stats.states());
        dataplanes.put("none", stats.states().none());
        ObjectNode within = json.putObject("expiringWithin");
        WINDOW_ORDER.forEach(w -> within.put(w, stats.expiringWithin().getOrDefault(WINDOWS.get(w), 0L)));
        ObjectNode backends = json.putObject("backends");
        stats.byBackend().forEach((backend, counts) -> {
            ObjectNode b = backends.putObject(backend);
            b.put("total", counts.total());
            counts(b, counts);
        });
        ArrayNode soonest = json.putArray("soonest");
        for (var e : stats.soonest()) {
            ObjectNode item = soonest.addObject();
            item.put("mesh", e.dataplane().mesh());
            item.put("name", e.dataplane().name());
            item.put("certificateExpirationTime", InsightJson.seconds(e.notAfter()));
            if (e.issuedBackend() != null) {
                item.put("issuedBackend", e.issuedBackend());
            }
            item.put("state", e.state().value());
        }
        ArrayNode cas = json.putArray("certificateAuthorities");
        authorities.forEach(cas::add);
        return json;
    }

    private static void histogram(
            ObjectNode json, InsightParams.Histogram histogram, Instant now, InsightQueries.CertificateStats stats) {
        ObjectNode h = json.putObject("expirationHistogram");
        h.put("from", InsightJson.seconds(now));
        h.put("until", InsightJson.seconds(now.plus(histogram.spanCovered())));
        h.put("bucketSeconds", histogram.width().toSeconds());
        ArrayNode counts = h.putArray("counts");
        long before = 0;
        for (Duration window : histogram.windows()) {
            long cumulative = stats.expiringWithin().getOrDefault(window, 0L);
            counts.add(cumulative - before);
            before = cumulative;
        }
    }

    private record Params(int soonest, Optional<InsightParams.Histogram> histogram) {}

    private static void counts(ObjectNode json, InsightQueries.StateCounts counts) {
        json.put("valid", counts.valid());
        json.put("renewDue", counts.renewDue());
        json.put("expired", counts.expired());
    }

    /** The mesh, or every mesh, page by page. */
    private Uni<List<Resource>> meshes(Optional<String> mesh) {
        if (mesh.isPresent()) {
            return manager.get(ResourceKey.global(ResourceType.MESH, mesh.get())).map(List::of);
        }
        return allMeshes(new ArrayList<>(), 0);
    }

    private Uni<List<Resource>> allMeshes(List<Resource> found, int offset) {
        return manager.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE)).chain(page -> {
            found.addAll(page.items());
            return page.nextOffset().isPresent() ? allMeshes(found, page.nextOffset().getAsInt())
                    : Uni.createFrom().item(found);
        });
    }

    /** The enabled CA of every mesh with mTLS on, one after the other (the cache makes repeated calls cheap). */
    private Uni<List<ObjectNode>> authorities(List<Resource> meshes) {
        return Multi.createFrom().iterable(meshes)
                .onItem().transformToUniAndConcatenate(this::authority)
                .filter(Optional::isPresent)
                .map(Optional::get)
                .collect().asList();
    }

    private Uni<Optional<ObjectNode>> authority(Resource mesh) {
        Mesh.Mtls mtls = SpecMapper.bind(mesh.spec(), Mesh.class).mtls();
        if (mtls == null || mtls.enabledBackend() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("mesh", mesh.name());
        json.put("backend", mtls.enabledBackend());
        mtls.backends().stream().filter(b -> b.name().equals(mtls.enabledBackend())).findFirst()
                .ifPresent(b -> json.put("type", b.type()));
        return cas.get(mesh.name())
                .map(material -> {
                    json.put("backend", material.backend());
                    json.put("type", material.type());
                    json.put("notAfter", InsightJson.seconds(material.issuer().getNotAfter().toInstant()));
                    return Optional.of(json);
                })
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof CaMaterialCache.MtlsDisabledException
                            || failure instanceof ApiException.NotFound) {
                        return Optional.empty(); // changed since it was listed
                    }
                    if (failure instanceof CaMaterialCache.CaUnavailableException) {
                        json.put("error", failure.getMessage());
                    } else {
                        LOG.warnf(failure, "CA of mesh %s could not be loaded for certificate insights", mesh.name());
                        json.put("error", "the CA could not be loaded; the control plane log has the details");
                    }
                    return Optional.of(json);
                });
    }
}
