package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.User;
import io.meshtrust.resources.ListRequest;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.resources.ResourceJson;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.store.InsightQueries;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.OverviewQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of dataplane insights over HTTP (kuma-ca-insights §6.4, §7.2, §7.6): Dataplane overviews
 * ({@code dataplanes+insights}, {@code _overview}), {@code dataplane-insights}, {@code mesh-insights}, and the
 * {@code tag}/{@code gateway} filters of plain Dataplane lists. Same order of checks as the other resources: the
 * mesh of a mesh-scoped path exists, access, parameters, then the query. Insight types are not admin-only, so any
 * user may read them, as in Kuma.
 */
@Singleton
public class InsightEndpoints {

    static final String TITLE_OVERVIEWS = "Could not retrieve dataplane overviews";
    static final String TITLE_OVERVIEW = "Could not retrieve a dataplane overview";

    private final ResourceEndpoints endpoints;
    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final InsightQueries queries;
    private final InsightStore insights;
    private final DataplaneStatus status;
    private final InstantSource clock;

    public InsightEndpoints(ResourceEndpoints endpoints, ResourceManager manager, AdminResourceAccess access,
            InsightQueries queries, InsightStore insights, DataplaneStatus status, InstantSource clock) {
        this.endpoints = endpoints;
        this.manager = manager;
        this.access = access;
        this.queries = queries;
        this.insights = insights;
        this.status = status;
        this.clock = clock;
    }

    /** {@code GET /meshes/{mesh}/dataplanes}, {@code GET /dataplanes}: Dataplanes, with Kuma's tag and gateway filters. */
    public Uni<Response> dataplanes(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        return list(user, mesh, request, uri, routePath, ResourceEndpoints.TITLE_LIST, true,
                (params, query) -> query.withoutInsights(),
                (overview, now) -> ResourceJson.render(overview.dataplane()));
    }

    /** {@code GET .../dataplanes+insights}, {@code GET .../dataplanes/_overview}. */
    public Uni<Response> overviews(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        return list(user, mesh, request, uri, routePath, TITLE_OVERVIEWS, true,
                (params, query) -> withCertificates(params, routePath, query),
                (overview, now) -> InsightJson.overview(overview.dataplane(), overview.insight().orElse(null), status,
                        now));
    }

    /** {@code GET /meshes/{mesh}/dataplane-insights}, {@code GET /dataplane-insights}: Dataplanes that have an insight. */
    public Uni<Response> insights(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        // Kuma applies only the generic filters to this type; tag and gateway are not parsed.
        return list(user, mesh, request, uri, routePath, ResourceEndpoints.TITLE_LIST, false,
                (params, query) -> withCertificates(params, routePath, query).onlyWithInsight(),
                (overview, now) -> InsightJson.insight(overview.insight().orElseThrow(), status, now));
    }

    /**
     * {@code GET /meshes/{mesh}/certificate-insights/dataplanes}, {@code GET /certificate-insights/dataplanes}
     * (meshtrust): the overview lists' filters and paging, one flat item per Dataplane with its certificate state
     * as the server evaluates it ({@link InsightJson#certificateItem}); what the dashboard's table shows.
     */
    public Uni<Response> certificates(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        return list(user, mesh, request, uri, routePath, TITLE_OVERVIEWS, true,
                (params, query) -> withCertificates(params, routePath, query),
                (overview, now) -> InsightJson.certificateItem(overview.dataplane(),
                        overview.insight().orElse(null), status, now));
    }

    /** {@code GET .../dataplanes+insights/{name}}, {@code GET .../dataplanes/{name}/_overview}. */
    public Uni<Response> overview(User user, String mesh, String name) {
        var key = ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
        return endpoints.meshFirst(ResourceType.DATAPLANE, mesh)
                .onItem().invoke(() -> access.check(user, ResourceType.DATAPLANE))
                .chain(() -> manager.get(key))
                .chain(dataplane -> insights.get(key).map(insight -> ResourceEndpoints.ok(
                        InsightJson.overview(dataplane, insight.orElse(null), status, clock.instant()))))
                .onFailure().transform(Titled.as(TITLE_OVERVIEW));
    }

    /** {@code GET /meshes/{mesh}/dataplane-insights/{name}}: 404 when the Dataplane has no insight. */
    public Uni<Response> insight(User user, String mesh, String name) {
        var key = ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
        return endpoints.meshFirst(ResourceType.DATAPLANE, mesh)
                .onItem().invoke(() -> access.check(user, ResourceType.DATAPLANE))
                .chain(() -> insights.get(key))
                .map(found -> ResourceEndpoints.ok(InsightJson.insight(
                        found.orElseThrow(ApiException.NotFound::new), status, clock.instant())))
                .onFailure().transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    /** {@code GET /mesh-insights}: a page of meshes with their insight. */
    public Uni<Response> meshInsights(User user, HttpServerRequest request, UriInfo uri) {
        return Uni.createFrom().voidItem()
                .invoke(() -> access.check(user, ResourceType.MESH))
                .map(ignored -> ListRequest.parse(
                        ResourceType.MESH, Optional.empty(), uri.getQueryParameters(), "/mesh-insights"))
                .chain(manager::list)
                .chain(page -> meshInsights(page.items()).map(items -> ResourceEndpoints.ok(
                        ResourceEndpoints.listBody(page.total(), items, page.nextOffset(), request, uri))))
                .onFailure().transform(Titled.as(ResourceEndpoints.TITLE_LIST));
    }

    /** {@code GET /mesh-insights/{mesh}}. */
    public Uni<Response> meshInsight(User user, String mesh) {
        return Uni.createFrom().voidItem()
                .invoke(() -> access.check(user, ResourceType.MESH))
                .chain(() -> manager.get(ResourceKey.global(ResourceType.MESH, mesh)))
                .chain(found -> meshInsights(List.of(found)))
                .map(items -> ResourceEndpoints.ok(items.get(0)))
                .onFailure().transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private Uni<List<ObjectNode>> meshInsights(List<Resource> meshes) {
        Instant now = clock.instant();
        List<String> names = meshes.stream().map(Resource::name).toList();
        Instant onlineSince = status.onlineSince(now);
        return queries.meshStats(names, onlineSince)
                .chain(stats -> queries.meshInventory(names, onlineSince)
                        .map(inventory -> meshes.stream().map(m -> InsightJson.meshInsight(m,
                                stats.getOrDefault(m.name(), InsightQueries.MeshStats.EMPTY),
                                inventory.getOrDefault(m.name(), InsightQueries.MeshInventory.EMPTY), now))
                                .toList()));
    }

    private static OverviewQuery withCertificates(
            MultivaluedMap<String, String> params, String routePath, OverviewQuery query) {
        var certificates = InsightParams.certificates(params, routePath);
        return query.withCertificates(certificates.expiresBefore(), certificates.expiresAfter(), certificates.state());
    }

    private Uni<Response> list(User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri,
            String routePath, String title, boolean tagsAndGateway, Refinement refine, Renderer render) {
        return endpoints.meshFirst(ResourceType.DATAPLANE, mesh.orElse(""))
                .onItem().invoke(() -> access.check(user, ResourceType.DATAPLANE))
                .map(ignored -> {
                    var params = uri.getQueryParameters();
                    return refine.apply(params, query(mesh, params, routePath, tagsAndGateway));
                })
                .chain(query -> queries.overview(query).map(page -> {
                    Instant now = clock.instant();
                    var items = page.items().stream().map(o -> render.apply(o, now)).toList();
                    return ResourceEndpoints.ok(
                            ResourceEndpoints.listBody(page.total(), items, page.nextOffset(), request, uri));
                }))
                .onFailure().transform(Titled.as(title));
    }

    /** Kuma's generic list parameters, then (for Dataplane lists) {@code tag} and {@code gateway}. */
    private OverviewQuery query(
            Optional<String> mesh, MultivaluedMap<String, String> params, String routePath, boolean tagsAndGateway) {
        ListQuery list = ListRequest.parse(ResourceType.DATAPLANE, mesh, params, routePath);
        return tagsAndGateway
                ? OverviewQuery.of(list, InsightParams.tags(params), InsightParams.gateway(params, routePath),
                        clock.instant())
                : OverviewQuery.of(list, Map.of(), OverviewQuery.Gateway.ANY, clock.instant());
    }

    @FunctionalInterface
    private interface Refinement {
        OverviewQuery apply(MultivaluedMap<String, String> params, OverviewQuery query);
    }

    @FunctionalInterface
    private interface Renderer {
        ObjectNode apply(InsightQueries.Overview overview, Instant now);
    }
}
