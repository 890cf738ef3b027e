package io.meshtrust.mesh;

import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.RequestIdentity;
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

/** {@code /meshes[/{name}]}. */
@Path("/meshes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MeshResource {

    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;

    public MeshResource(ResourceEndpoints endpoints, RequestIdentity identity) {
        this.endpoints = endpoints;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return endpoints.list(identity.user(), ResourceType.MESH, Optional.empty(), request, uri, "/meshes");
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(
            @PathParam("name") String name,
            @QueryParam("format") String format,
            @QueryParam("namespace") String namespace) {
        return endpoints.get(identity.user(), key(name), format, namespace);
    }

    @PUT
    @Path("{name}")
    public Uni<Response> put(@PathParam("name") String name, @QueryParam("force") String force, byte[] body) {
        return force(force)
                .map(forced -> endpoints.put(identity.user(), key(name), body, forced))
                .orElseGet(() -> Uni.createFrom()
                        .failure(Titled.wrap(
                                ApiException.Invalid.of(
                                        "force",
                                        "must be true or false (overrides the CA-rotation gate), not \"" + force
                                                + "\""),
                                ResourceEndpoints.TITLE_PUT)));
    }

    /** {@code ?force}: absent or empty is false; {@code true}/{@code false} as written; anything else is refused. */
    static Optional<Boolean> force(String raw) {
        if (raw == null || raw.isEmpty() || raw.equals("false")) {
            return Optional.of(false);
        }
        return raw.equals("true") ? Optional.of(true) : Optional.empty();
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return endpoints.delete(identity.user(), key(name));
    }

    /** A collection meshtrust does not serve: the mesh is still checked first, as Kuma does for every type. */
    @GET
    @Path("{mesh}/{collection}")
    public Uni<Response> unknownCollection(@PathParam("mesh") String mesh) {
        return endpoints.unknownCollection(mesh);
    }

    private static ResourceKey key(String name) {
        return ResourceKey.global(ResourceType.MESH, name);
    }
}
