package io.meshtrust.insights;

import io.meshtrust.authn.RequestIdentity;
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

/** {@code GET /dataplanes+insights}: the overviews of every mesh (also {@code GET /dataplanes/_overview}). */
@Path("/dataplanes+insights")
@Produces(MediaType.APPLICATION_JSON)
public class AllDataplaneOverviewsResource {

    private final InsightEndpoints insights;
    private final RequestIdentity identity;

    public AllDataplaneOverviewsResource(InsightEndpoints insights, RequestIdentity identity) {
        this.insights = insights;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.overviews(identity.user(), Optional.empty(), request, uri, "/dataplanes+insights");
    }
}
