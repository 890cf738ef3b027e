package io.meshtrust.rotation;

import io.meshtrust.api.PageRequest;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.resources.ResourceEndpoints;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code GET /ca-rotation}: the CA rotation progress of every mesh, paged as Kuma pages lists (README, "CA rotation"). */
@Path("/ca-rotation")
@Produces(MediaType.APPLICATION_JSON)
public class AllCaRotationsResource {

    private final RequestIdentity identity;
    private final CaRotation rotation;

    public AllCaRotationsResource(RequestIdentity identity, CaRotation rotation) {
        this.identity = identity;
        this.rotation = rotation;
    }

    @GET
    public Uni<Response> all(@Context HttpServerRequest request, @Context UriInfo uri) {
        return Uni.createFrom()
                .item(() -> PageRequest.parse(uri.getQueryParameters(), "/ca-rotation"))
                .chain(page -> rotation.all(identity.user(), page.offset(), page.size()))
                .map(found -> ResourceEndpoints.ok(ResourceEndpoints.listBody(
                        found.meshes().total(),
                        found.items().stream().map(CaRotationResource::render).toList(),
                        found.meshes().nextOffset(),
                        request,
                        uri)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_LIST));
    }
}
