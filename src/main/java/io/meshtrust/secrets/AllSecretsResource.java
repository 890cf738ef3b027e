package io.meshtrust.secrets;

import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.resources.ResourceEndpoints;
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

/** {@code GET /secrets}: the secrets of every mesh; admin-only. */
@Path("/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class AllSecretsResource {

    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;

    public AllSecretsResource(ResourceEndpoints endpoints, RequestIdentity identity) {
        this.endpoints = endpoints;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return endpoints.list(identity.user(), ResourceType.SECRET, Optional.empty(), request, uri, "/secrets");
    }
}
