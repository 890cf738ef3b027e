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

/** {@code GET /certificate-insights}: the certificate statistics of every mesh together. */
@Path("/certificate-insights")
@Produces(MediaType.APPLICATION_JSON)
public class AllCertificateInsightsResource {

    private final RequestIdentity identity;
    private final InsightEndpoints list;

    public AllCertificateInsightsResource(RequestIdentity identity, InsightEndpoints list) {
        this.identity = identity;
        this.list = list;
    }

    @GET
    public Uni<Response> get(@Context UriInfo uri) {
        return list.certificateInsights(identity.user(), Optional.empty(), uri, "/certificate-insights");
    }

    /** {@code GET /certificate-insights/dataplanes}: Dataplanes with their certificate state (the dashboard's table). */
    @GET
    @Path("dataplanes")
    public Uni<Response> dataplanes(@Context HttpServerRequest request, @Context UriInfo uri) {
        return list.certificates(identity.user(), Optional.empty(), request, uri, "/certificate-insights/dataplanes");
    }
}
