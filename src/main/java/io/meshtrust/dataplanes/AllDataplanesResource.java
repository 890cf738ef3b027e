package io.meshtrust.dataplanes;

import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.insights.InsightEndpoints;
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

/** {@code GET /dataplanes} and {@code GET /dataplanes/_overview}: the dataplanes of every mesh. */
@Path("/dataplanes")
@Produces(MediaType.APPLICATION_JSON)
public class AllDataplanesResource {

    private final InsightEndpoints insights;
    private final RequestIdentity identity;

    public AllDataplanesResource(InsightEndpoints insights, RequestIdentity identity) {
        this.insights = insights;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.dataplanes(identity.user(), Optional.empty(), request, uri, "/dataplanes");
    }

    @GET
    @Path("_overview")
    public Uni<Response> overviews(@Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.overviews(identity.user(), Optional.empty(), request, uri, "/dataplanes/_overview");
    }
}
