package io.meshtrust.insights;

import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.resources.ResourceEndpoints;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /mesh-insights[/{mesh}]}: Kuma's MeshInsight, computed when asked for (kuma-ca-insights §6.3, §11.11);
 * read-only.
 */
@Path("/mesh-insights")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MeshInsightResource {

    private final InsightEndpoints insights;
    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;

    public MeshInsightResource(InsightEndpoints insights, ResourceEndpoints endpoints, RequestIdentity identity) {
        this.insights = insights;
        this.endpoints = endpoints;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.meshInsights(identity.user(), request, uri);
    }

    @GET
    @Path("{mesh}")
    public Uni<Response> get(@PathParam("mesh") String mesh) {
        return insights.meshInsight(identity.user(), mesh);
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
