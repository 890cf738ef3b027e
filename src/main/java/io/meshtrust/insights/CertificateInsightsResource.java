package io.meshtrust.insights;

import io.meshtrust.authn.RequestIdentity;
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
import java.util.Optional;

/** {@code GET /meshes/{mesh}/certificate-insights}: the certificate statistics of one mesh. */
@Path("/meshes/{mesh}/certificate-insights")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateInsightsResource {

    private final RequestIdentity identity;
    private final InsightEndpoints list;

    public CertificateInsightsResource(RequestIdentity identity, InsightEndpoints list) {
        this.identity = identity;
        this.list = list;
    }

    @GET
    public Uni<Response> get(@PathParam("mesh") String mesh, @Context UriInfo uri) {
        return list.certificateInsights(identity.user(), Optional.of(mesh), uri, "/meshes/{mesh}/certificate-insights");
    }

    /** {@code GET /meshes/{mesh}/certificate-insights/dataplanes}: Dataplanes with their certificate state. */
    @GET
    @Path("dataplanes")
    public Uni<Response> dataplanes(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return list.certificates(
                identity.user(), Optional.of(mesh), request, uri, "/meshes/{mesh}/certificate-insights/dataplanes");
    }
}
