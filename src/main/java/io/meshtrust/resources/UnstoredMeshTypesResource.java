package io.meshtrust.resources;

import io.meshtrust.api.ApiException;
import io.meshtrust.api.PageRequest;
import io.meshtrust.api.Titled;
import io.meshtrust.resources.KumaTypes.KumaType;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code /meshes/{mesh}/<path>[/{name}]} of every mesh-scoped Kuma type meshtrust does not store ({@link KumaTypes},
 * {@link KumaTypes.Answer#EMPTY}): what Kuma answers for an empty store (Kuma's
 * {@code pkg/api-server/resource_endpoints.go}). The mesh is checked first (404 {@code Failed to retrieve Mesh});
 * the list is {@code {"total":0,"items":[],"next":null}} after Kuma's list parameters are checked
 * ({@link PageRequest}); one by name, or anything under it ({@code _hostnames}, {@code _resources/dataplanes}), is
 * 404 {@code Not found}; PUT and DELETE are 405 saying why ({@link #notStored}). Reads need no more than any
 * non-secret read. {@link #PATHS} is checked against the catalogue by {@code KumaTypesTest}.
 */
@Path("/meshes/{mesh}/{collection: " + UnstoredMeshTypesResource.PATHS + "}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class UnstoredMeshTypesResource {

    /** The mesh-scoped unstored types' paths (a compile-time constant, as an annotation needs). */
    static final String PATHS = "meshaccesslogs|meshcircuitbreakers|meshexternalservices|meshfaultinjections"
            + "|meshhttproutes|meshhealthchecks|meshidentities|meshloadbalancingstrategies|meshmetrics"
            + "|meshmultizoneservices|meshopentelemetrybackends|meshpassthroughs|meshproxypatches|meshratelimits"
            + "|meshretries|meshservices|meshtcproutes|meshtlses|meshtimeouts|meshtraces|meshtrafficpermissions"
            + "|meshtrusts|meshzoneaddresses|service-insights|workloads|external-services|meshgateways";

    private final ResourceEndpoints endpoints;

    public UnstoredMeshTypesResource(ResourceEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    public Uni<Response> list(
            @PathParam("mesh") String mesh,
            @PathParam("collection") String collection,
            @Context HttpServerRequest request,
            @Context UriInfo uri) {
        return endpoints
                .meshFirst(ResourceType.DATAPLANE, mesh)
                .map(ignored -> empty(uri, "/meshes/{mesh}/" + collection, request))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_LIST));
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(@PathParam("mesh") String mesh) {
        return notFound(mesh);
    }

    /** Anything under a resource ({@code _hostnames}, {@code _resources/dataplanes}, ...): the resource is missing. */
    @GET
    @Path("{name}/{rest: .+}")
    public Uni<Response> under(@PathParam("mesh") String mesh) {
        return notFound(mesh);
    }

    @PUT
    @Path("{name}")
    public Uni<Response> put(@PathParam("collection") String collection) {
        return notStored(type(collection), ResourceEndpoints.TITLE_PUT);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("collection") String collection) {
        return notStored(type(collection), ResourceEndpoints.TITLE_DELETE);
    }

    private Uni<Response> notFound(String mesh) {
        return endpoints
                .meshFirst(ResourceType.DATAPLANE, mesh)
                .<Response>map(ignored -> {
                    throw new ApiException.NotFound();
                })
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private static KumaType type(String collection) {
        return KumaTypes.unstored(collection, false).orElseThrow();
    }

    /** An empty list in Kuma's shape, after Kuma's list parameters are checked. */
    static Response empty(UriInfo uri, String routePath, HttpServerRequest request) {
        PageRequest.parse(uri.getQueryParameters(), routePath);
        return ResourceEndpoints.ok(ResourceEndpoints.listBody(0, List.of(), OptionalInt.empty(), request, uri));
    }

    /** 405 in Kuma's body: meshtrust does not store the type, and why. */
    static Uni<Response> notStored(KumaType type, String title) {
        return Uni.createFrom()
                .failure(Titled.wrap(
                        new ApiException.MethodNotAllowed("meshtrust does not store " + type.name()
                                + " resources: it is a trust plane (identities, certificates and tokens for Kuma's"
                                + " data planes), not a full Kuma control plane, so it answers "
                                + type.plural() + " as an empty list and cannot create, change or delete them"),
                        title));
    }
}
