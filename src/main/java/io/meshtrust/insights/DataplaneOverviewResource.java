package io.meshtrust.insights;

import io.meshtrust.authn.RequestIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
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
 * Kuma's legacy overview paths {@code GET /meshes/{mesh}/dataplanes+insights[/{name}]} (the same as
 * {@code /meshes/{mesh}/dataplanes/_overview}, served by the Dataplane resource).
 */
@Path("/meshes/{mesh}/dataplanes+insights")
@Produces(MediaType.APPLICATION_JSON)
public class DataplaneOverviewResource {

    private final InsightEndpoints insights;
    private final RequestIdentity identity;

    public DataplaneOverviewResource(InsightEndpoints insights, RequestIdentity identity) {
        this.insights = insights;
        this.identity = identity;
    }

    @GET
    public Uni<Response> list(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return insights.overviews(
                identity.user(), Optional.of(mesh), request, uri, "/meshes/{mesh}/dataplanes+insights");
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(
            @PathParam("mesh") String mesh, @PathParam("name") String name, @QueryParam("format") String format) {
        return insights.overview(identity.user(), mesh, name, format);
    }
}
