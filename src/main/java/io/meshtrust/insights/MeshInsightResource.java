package io.meshtrust.insights;

import io.meshtrust.api.Titled;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.resources.KubernetesForm;
import io.meshtrust.resources.ListRequest;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/**
 * {@code /mesh-insights[/{mesh}]}: Kuma's MeshInsight ({@code api/mesh/v1alpha1/mesh_insight.proto}), computed when
 * asked for by {@link MeshInsights}; read-only, as in Kuma.
 */
@Path("/mesh-insights")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MeshInsightResource {

    private final MeshInsights insights;
    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;
    private final KubernetesForm forms;

    public MeshInsightResource(
            MeshInsights insights, ResourceEndpoints endpoints, RequestIdentity identity, KubernetesForm forms) {
        this.insights = insights;
        this.endpoints = endpoints;
        this.identity = identity;
        this.forms = forms;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.list(
                        identity.user(),
                        () -> ListRequest.parse(
                                ResourceType.MESH, Optional.empty(), uri.getQueryParameters(), "/mesh-insights"))
                .map(page -> ResourceEndpoints.ok(ResourceEndpoints.listBody(
                        page.total(),
                        page.items().stream().map(InsightJson::meshInsight).toList(),
                        page.nextOffset(),
                        request,
                        uri)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_LIST));
    }

    @GET
    @Path("{mesh}")
    public Uni<Response> get(
            @PathParam("mesh") String mesh,
            @QueryParam("format") String format,
            @QueryParam("namespace") String namespace) {
        return insights.get(identity.user(), mesh)
                .map(insight -> ResourceEndpoints.ok(forms.render(InsightJson.meshInsight(insight), format, namespace)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    @PUT
    @Path("{mesh}")
    public Uni<Response> put(@PathParam("mesh") String mesh) {
        return endpoints.readOnly(InsightJson.MESH_INSIGHT);
    }

    @DELETE
    @Path("{mesh}")
    public Uni<Response> delete(@PathParam("mesh") String mesh) {
        return endpoints.readOnly(InsightJson.MESH_INSIGHT);
    }
}
