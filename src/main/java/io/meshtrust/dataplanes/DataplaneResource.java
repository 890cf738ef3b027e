package io.meshtrust.dataplanes;

import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.insights.InsightEndpoints;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.store.ResourceKey;
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
 * {@code /meshes/{mesh}/dataplanes[/{name}]}, with Kuma's {@code tag} and {@code gateway} list filters, and the
 * Dataplane overviews {@code _overview} and {@code {name}/_overview} (served by {@link InsightEndpoints}).
 */
@Path("/meshes/{mesh}/dataplanes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DataplaneResource {

    private final ResourceEndpoints endpoints;
    private final InsightEndpoints insights;
    private final RequestIdentity identity;

    public DataplaneResource(ResourceEndpoints endpoints, InsightEndpoints insights, RequestIdentity identity) {
        this.endpoints = endpoints;
        this.insights = insights;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.dataplanes(identity.user(), Optional.of(mesh), request, uri, "/meshes/{mesh}/dataplanes");
    }

    /** Kuma's {@code _overview}: a literal segment, so it wins over {@code {name}} (JAX-RS prefers literals). */
    @GET
    @Path("_overview")
    public Uni<Response> overviews(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.overviews(
                identity.user(), Optional.of(mesh), request, uri, "/meshes/{mesh}/dataplanes/_overview");
    }

    @GET
    @Path("{name}/_overview")
    public Uni<Response> overview(
            @PathParam("mesh") String mesh, @PathParam("name") String name, @QueryParam("format") String format) {
        return insights.overview(identity.user(), mesh, name, format);
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(
            @PathParam("mesh") String mesh,
            @PathParam("name") String name,
            @QueryParam("format") String format,
            @QueryParam("namespace") String namespace) {
        return endpoints.get(identity.user(), key(mesh, name), format, namespace);
    }

    @PUT
    @Path("{name}")
    public Uni<Response> put(@PathParam("mesh") String mesh, @PathParam("name") String name, byte[] body) {
        return endpoints.put(identity.user(), key(mesh, name), body);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        return endpoints.delete(identity.user(), key(mesh, name));
    }

    private static ResourceKey key(String mesh, String name) {
        return ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
    }
}
