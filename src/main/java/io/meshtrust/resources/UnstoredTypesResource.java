package io.meshtrust.resources;

import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.resources.KumaTypes.KumaType;
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
 * {@code /<path>[/{name}]} of the Kuma types meshtrust does not store, outside a mesh ({@link KumaTypes}): the global
 * types ({@code /zones}, {@code /zone-insights}, {@code /hostnamegenerators}, ...), the all-meshes lists of the
 * mesh-scoped ones ({@code /meshservices}, {@code /meshtrafficpermissions}, ..., as Kuma's
 * {@code pkg/api-server/server.go} registers for every mesh-scoped type), and the overview lists of the types with
 * insights ({@code /zones/_overview}, Kuma's legacy {@code /zones+insights}). Lists are empty after Kuma's list
 * parameters are checked; a name is 404 {@code Not found}; PUT and DELETE are 405 saying why. {@link #PATHS} is
 * checked against the catalogue by {@code KumaTypesTest}.
 */
@Path("/{collection: " + UnstoredTypesResource.PATHS + "}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class UnstoredTypesResource {

    /**
     * Legacy overview paths, global paths (with alternatives), then the mesh-scoped paths (all-meshes lists). The
     * router takes the first alternative that matches a prefix, so {@code zones+insights} comes before {@code zones}.
     */
    static final String PATHS = "zones[+]insights|zoneingresses[+]insights|zoneegressoverviews"
            + "|hostnamegenerators|zones|zone-insights|zoneegresses|zoneegressinsights"
            + "|zoneingresses|zone-ingresses|zone-ingress-insights|"
            + UnstoredMeshTypesResource.PATHS;

    @GET
    public Uni<Response> list(
            @PathParam("collection") String collection, @Context HttpServerRequest request, @Context UriInfo uri) {
        return Uni.createFrom()
                .item(() -> UnstoredMeshTypesResource.empty(uri, "/" + collection, request))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_LIST));
    }

    /** Kuma's {@code <path>/_overview} of a type with insights; for any other type {@code _overview} is a name. */
    @GET
    @Path("_overview")
    public Uni<Response> overviews(
            @PathParam("collection") String collection, @Context HttpServerRequest request, @Context UriInfo uri) {
        if (KumaTypes.unstored(collection, true).filter(KumaType::hasOverview).isEmpty()) {
            return get();
        }
        return list(collection, request, uri);
    }

    @GET
    @Path("{name}")
    public Uni<Response> get() {
        return Uni.createFrom()
                .<Response>item(() -> {
                    throw new ApiException.NotFound();
                })
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    /** Anything under a name ({@code {name}/_overview}, ...): the resource is missing. */
    @GET
    @Path("{name}/{rest: .+}")
    public Uni<Response> under() {
        return get();
    }

    @PUT
    @Path("{name}")
    public Uni<Response> put(@PathParam("collection") String collection) {
        return UnstoredMeshTypesResource.notStored(type(collection), ResourceEndpoints.TITLE_PUT);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("collection") String collection) {
        return UnstoredMeshTypesResource.notStored(type(collection), ResourceEndpoints.TITLE_DELETE);
    }

    private static KumaType type(String collection) {
        return KumaTypes.unstored(collection, true)
                .or(() -> KumaTypes.unstored(collection, false))
                .or(() -> KumaTypes.unstoredOverview(collection))
                .orElseThrow();
    }
}
