package io.meshtrust.dataplanes;

import io.meshtrust.api.ResourceEndpoints;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/** {@code GET /dataplanes}: the dataplanes of every mesh. */
@Path("/dataplanes")
@Produces(MediaType.APPLICATION_JSON)
public class AllDataplanesResource {

    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;

    public AllDataplanesResource(ResourceEndpoints endpoints, RequestIdentity identity) {
        this.endpoints = endpoints;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return endpoints.list(identity.user(), ResourceType.DATAPLANE, Optional.empty(), request, uri, "/dataplanes");
    }
}
