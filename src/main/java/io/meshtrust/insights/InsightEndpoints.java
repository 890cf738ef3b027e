package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.User;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.resources.KubernetesForm;
import io.meshtrust.resources.ListRequest;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.resources.ResourceJson;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP half of the insight endpoints that several resources share: the Dataplane lists ({@code dataplanes},
 * {@code dataplanes+insights}, {@code _overview}, {@code dataplane-insights}, {@code certificate-insights/dataplanes})
 * and certificate insights. The request's parameters become an {@link OverviewQuery} or a
 * {@link CertificateInsights.Request}; the services' records ({@link DataplaneOverviews}, {@link CertificateInsights})
 * become Kuma's JSON and list body (next links), with the error title (Kuma's
 * {@code pkg/api-server/dataplane_overview_endpoints.go}, {@code pkg/api-server/filters/filtering.go}).
 */
@Singleton
public class InsightEndpoints {

    static final String TITLE_OVERVIEWS = "Could not retrieve dataplane overviews";
    static final String TITLE_OVERVIEW = "Could not retrieve a dataplane overview";

    private final DataplaneOverviews overviews;
    private final CertificateInsights certificateInsights;
    private final DataplaneStatus status;
    private final CertStateClock states;
    private final KubernetesForm forms;

    public InsightEndpoints(
            DataplaneOverviews overviews,
            CertificateInsights certificateInsights,
            DataplaneStatus status,
            CertStateClock states,
            KubernetesForm forms) {
        this.overviews = overviews;
        this.certificateInsights = certificateInsights;
        this.status = status;
        this.states = states;
        this.forms = forms;
    }

    /**
     * {@code GET /meshes/{mesh}/certificate-insights}, {@code GET /certificate-insights}: {@code soonest},
     * {@code histogram} and {@code buckets} read after the mesh and access checks.
     *
     * @param routePath the route template, for parameter violations
     */
    public Uni<Response> certificateInsights(User user, Optional<String> mesh, UriInfo uri, String routePath) {
        return certificateInsights
                .get(
                        user,
                        mesh,
                        () -> new CertificateInsights.Request(
                                InsightParams.soonest(uri.getQueryParameters(), routePath),
                                InsightParams.histogram(uri.getQueryParameters(), routePath)))
                .map(report -> ResourceEndpoints.ok(CertificateInsightsJson.render(report)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    /** {@code GET /meshes/{mesh}/dataplanes}, {@code GET /dataplanes}: Dataplanes, with Kuma's tag and gateway filters. */
    public Uni<Response> dataplanes(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        return list(
                user,
                mesh,
                request,
                uri,
                routePath,
                ResourceEndpoints.TITLE_LIST,
                true,
                (params, query) -> query.withoutInsights(),
                (overview, at) -> ResourceJson.render(overview.dataplane()));
    }

    /** {@code GET .../dataplanes+insights}, {@code GET .../dataplanes/_overview}. */
    public Uni<Response> overviews(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        return list(
                user,
                mesh,
                request,
                uri,
                routePath,
                TITLE_OVERVIEWS,
                true,
                (params, query) -> withCertificates(params, routePath, query),
                (overview, at) -> InsightJson.overview(
                        overview.dataplane(), overview.insight().orElse(null), status, at.now()));
    }

    /** {@code GET /meshes/{mesh}/dataplane-insights}, {@code GET /dataplane-insights}: Dataplanes that have an insight. */
    public Uni<Response> insights(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        // Kuma applies only the generic filters to this type; tag and gateway are not parsed.
        return list(
                user,
                mesh,
                request,
                uri,
                routePath,
                ResourceEndpoints.TITLE_LIST,
                false,
                (params, query) -> withCertificates(params, routePath, query).onlyWithInsight(),
                (overview, at) -> InsightJson.insight(overview.insight().orElseThrow(), status, at.now()));
    }

    /**
     * {@code GET /meshes/{mesh}/certificate-insights/dataplanes}, {@code GET /certificate-insights/dataplanes}
     * (meshtrust): the overview lists' filters and paging, one flat item per Dataplane with its certificate state
     * as the server evaluates it ({@link InsightJson#certificateItem}); what the dashboard's table shows.
     */
    public Uni<Response> certificates(
            User user, Optional<String> mesh, HttpServerRequest request, UriInfo uri, String routePath) {
        return list(
                user,
                mesh,
                request,
                uri,
                routePath,
                TITLE_OVERVIEWS,
                true,
                (params, query) -> withCertificates(params, routePath, query),
                (overview, at) -> InsightJson.certificateItem(
                        overview.dataplane(), overview.insight().orElse(null), status, at));
    }

    /**
     * {@code GET .../dataplanes+insights/{name}}, {@code GET .../dataplanes/{name}/_overview}. Kuma passes
     * {@code format} through its inference mapper here too, which knows no DataplaneOverview kind and answers a 500;
     * the Kubernetes form is a 400 saying which GETs have one ({@link KubernetesForm}).
     */
    public Uni<Response> overview(User user, String mesh, String name, String format) {
        return overviews
                .overview(user, ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name))
                .map(found -> ResourceEndpoints.ok(forms.render(
                        InsightJson.overview(found.dataplane(), found.insight().orElse(null), status, states.instant()),
                        format,
                        null)))
                .onFailure()
                .transform(Titled.as(TITLE_OVERVIEW));
    }

    /**
     * {@code GET /meshes/{mesh}/dataplane-insights/{name}}: 404 when the Dataplane has no insight; {@code format} and
     * {@code namespace} as for any single GET ({@link KubernetesForm}).
     */
    public Uni<Response> insight(User user, String mesh, String name, String format, String namespace) {
        return overviews
                .insight(user, ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name))
                .map(found -> ResourceEndpoints.ok(forms.render(
                        InsightJson.insight(found.orElseThrow(ApiException.NotFound::new), status, states.instant()),
                        format,
                        namespace)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private static OverviewQuery withCertificates(
            MultivaluedMap<String, String> params, String routePath, OverviewQuery query) {
        var certificates = InsightParams.certificates(params, routePath);
        return query.withCertificates(certificates.expiresBefore(), certificates.expiresAfter(), certificates.state());
    }

    private Uni<Response> list(
            User user,
            Optional<String> mesh,
            HttpServerRequest request,
            UriInfo uri,
            String routePath,
            String title,
            boolean tagsAndGateway,
            Refinement refine,
            Renderer render) {
        // One instant for the filter and the rendering: a row's state is the state it was selected by.
        CertState.At at = states.now();
        return overviews
                .list(user, mesh, () -> {
                    var params = uri.getQueryParameters();
                    return refine.apply(params, query(mesh, params, routePath, tagsAndGateway, at));
                })
                .map(page -> {
                    var items =
                            page.items().stream().map(o -> render.apply(o, at)).toList();
                    return ResourceEndpoints.ok(
                            ResourceEndpoints.listBody(page.total(), items, page.nextOffset(), request, uri));
                })
                .onFailure()
                .transform(Titled.as(title));
    }

    /** Kuma's generic list parameters, then (for Dataplane lists) {@code tag} and {@code gateway}. */
    private OverviewQuery query(
            Optional<String> mesh,
            MultivaluedMap<String, String> params,
            String routePath,
            boolean tagsAndGateway,
            CertState.At at) {
        ListQuery list = ListRequest.parse(ResourceType.DATAPLANE, mesh, params, routePath);
        return tagsAndGateway
                ? OverviewQuery.of(list, InsightParams.tags(params), InsightParams.gateway(params, routePath), at)
                : OverviewQuery.of(list, Map.of(), OverviewQuery.Gateway.ANY, at);
    }

    @FunctionalInterface
    private interface Refinement {
        OverviewQuery apply(MultivaluedMap<String, String> params, OverviewQuery query);
    }

    @FunctionalInterface
    private interface Renderer {
        ObjectNode apply(InsightQueries.Overview overview, CertState.At at);
    }
}
