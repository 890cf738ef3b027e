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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/** {@code /meshes/{mesh}/dataplane-insights[/{name}]}: read-only (PUT and DELETE answer 405, as in Kuma). */
@Path("/meshes/{mesh}/dataplane-insights")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DataplaneInsightResource {

    private final InsightEndpoints insights;
    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;

    public DataplaneInsightResource(InsightEndpoints insights, ResourceEndpoints endpoints, RequestIdentity identity) {
        this.insights = insights;
        this.endpoints = endpoints;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.insights(identity.user(), Optional.of(mesh), request, uri, "/meshes/{mesh}/dataplane-insights");
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(
            @PathParam("mesh") String mesh,
            @PathParam("name") String name,
            @QueryParam("format") String format,
            @QueryParam("namespace") String namespace) {
        return insights.insight(identity.user(), mesh, name, format, namespace);
    }

    @PUT
    @Path("{name}")
    public Uni<Response> put(@PathParam("name") String name) {
        return endpoints.readOnly(InsightJson.INSIGHT);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return endpoints.readOnly(InsightJson.INSIGHT);
    }
}
