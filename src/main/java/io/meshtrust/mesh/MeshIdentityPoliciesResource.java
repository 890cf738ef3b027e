package io.meshtrust.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code GET /meshes/{mesh}/meshidentities} and {@code GET /meshes/{mesh}/meshtrusts}: Kuma's MeshIdentity and
 * MeshTrust policies (the newer identity model). meshtrust issues identities from the Mesh's {@code mtls} backends
 * and stores neither type, so every mesh has none: an empty list in Kuma's shape, {@code {"total":0,"items":[],
 * "next":null}}, and 404 for one by name. The mesh is checked first (404 {@code Failed to retrieve Mesh}), as for
 * every mesh-scoped path. Kuma's GUI lists both on its mesh pages.
 */
@Path("/meshes/{mesh}/{collection: meshidentities|meshtrusts}")
@Produces(MediaType.APPLICATION_JSON)
public class MeshIdentityPoliciesResource {

    private final ResourceEndpoints endpoints;

    public MeshIdentityPoliciesResource(ResourceEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    public Uni<Response> list(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return endpoints
                .meshFirst(ResourceType.DATAPLANE, mesh)
                .map(ignored -> ResourceEndpoints.ok(empty(request, uri)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_LIST));
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(@PathParam("mesh") String mesh) {
        return endpoints
                .meshFirst(ResourceType.DATAPLANE, mesh)
                .<Response>map(ignored -> {
                    throw new ApiException.NotFound();
                })
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private static ObjectNode empty(HttpServerRequest request, UriInfo uri) {
        return ResourceEndpoints.listBody(0, List.of(), OptionalInt.empty(), request, uri);
    }
}
