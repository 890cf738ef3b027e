package io.meshtrust.dataplanes;

import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.resources.Kri;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Kuma's inspect endpoints of a Dataplane, which the GUI's Data plane pages read (the Policies tab, the inbounds of the
 * overview): {@code _rules}, {@code _layout}, the deprecated {@code policies}, {@code _policies} and the inbound and
 * outbound {@code _policies}. meshtrust stores no policies, so each answers what Kuma answers for a dataplane in a
 * mesh without policies ({@link DataplaneInspection}), after the same checks, in Kuma's order and with its titles:
 *
 * <ul>
 *   <li>{@code _rules} ({@code resource_inspect_endpoints.go}, {@code rulesForResource}): the mesh (404
 *       {@code Failed to retrieve Mesh}), then the Dataplane (404 {@code Could not retrieve Dataplane});
 *   <li>{@code _layout} ({@code dataplane_layout_endpoint.go}): the mesh (404 {@code Failed to build MeshContext}),
 *       then the Dataplane (404 {@code Failed to retrieve Dataplane}). Kuma 2.14 refused it (400) in a mesh whose
 *       {@code meshServices.mode} is not {@code Exclusive}; Kuma 3 dropped that guard (kuma#17449) and the GUI asks
 *       for the layout in any mesh, so meshtrust answers it in every mesh;
 *   <li>{@code policies} ({@code inspect_endpoints.go}, {@code inspectDataplane}): the mesh (404
 *       {@code Could not build MeshContext}), then the Dataplane (404 {@code Could not get MatchedPolicies});
 *   <li>{@code _policies}, {@code _inbounds/{inbound-kri}/_policies}, {@code _outbounds/{kri}/_policies}
 *       ({@code getPoliciesConf}): the mesh and the Dataplane as for {@code _rules}, then the KRI (400
 *       {@code Bad Request} with {@code kri.FromString}'s message). A KRI whose section names no inbound of the
 *       Dataplane is 404 {@code Failed building response} here, where Kuma answers 500 ({@code inbound not found}).
 * </ul>
 *
 * {@code format} is not read: Kuma serves these views in one form only.
 */
@Path("/meshes/{mesh}/dataplanes/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class DataplaneInspectResource {

    static final String TITLE_MESH = "Failed to retrieve Mesh";
    static final String TITLE_DATAPLANE = "Could not retrieve Dataplane";

    private final ResourceEndpoints endpoints;
    private final RequestIdentity identity;

    public DataplaneInspectResource(ResourceEndpoints endpoints, RequestIdentity identity) {
        this.endpoints = endpoints;
        this.identity = identity;
    }

    @GET
    @Path("_rules")
    public Uni<Response> rules(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        return dataplane(mesh, name, TITLE_MESH, TITLE_DATAPLANE).map(dp -> ok(DataplaneInspection.rules(dp)));
    }

    @GET
    @Path("_layout")
    public Uni<Response> layout(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        return dataplane(mesh, name, "Failed to build MeshContext", "Failed to retrieve Dataplane")
                .map(dp -> ok(DataplaneInspection.layout(dp)));
    }

    @GET
    @Path("policies")
    public Uni<Response> sidecarPolicies(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        return dataplane(mesh, name, "Could not build MeshContext", "Could not get MatchedPolicies")
                .map(dp -> ok(DataplaneInspection.sidecarPolicies()));
    }

    @GET
    @Path("_policies")
    public Uni<Response> proxyPolicies(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        return dataplane(mesh, name, TITLE_MESH, TITLE_DATAPLANE).map(dp -> ok(DataplaneInspection.noPolicies()));
    }

    @GET
    @Path("_inbounds/{inbound-kri}/_policies")
    public Uni<Response> inboundPolicies(
            @PathParam("mesh") String mesh,
            @PathParam("name") String name,
            @PathParam("inbound-kri") String inboundKri) {
        return dataplane(mesh, name, TITLE_MESH, TITLE_DATAPLANE)
                .map(dp -> {
                    Kri kri = Kri.parse(inboundKri);
                    if (DataplaneInspection.inbound(dp, kri.sectionName()).isEmpty()) {
                        throw new ApiException.NotFound();
                    }
                    return ok(DataplaneInspection.noPolicies());
                })
                .onFailure()
                .transform(Titled.as("Failed building response"));
    }

    @GET
    @Path("_outbounds/{kri}/_policies")
    public Uni<Response> outboundPolicies(
            @PathParam("mesh") String mesh, @PathParam("name") String name, @PathParam("kri") String outboundKri) {
        return dataplane(mesh, name, TITLE_MESH, TITLE_DATAPLANE).map(dp -> {
            Kri.parse(outboundKri);
            return ok(DataplaneInspection.noPolicies());
        });
    }

    /** The mesh, then the Dataplane, each failing with its endpoint's title. */
    private Uni<Resource> dataplane(String mesh, String name, String meshTitle, String dataplaneTitle) {
        return endpoints
                .mesh(mesh)
                .onFailure()
                .transform(Titled.as(meshTitle))
                .chain(() -> endpoints
                        .read(identity.user(), ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name))
                        .onFailure()
                        .transform(Titled.as(dataplaneTitle)));
    }

    private static Response ok(Object body) {
        return ResourceEndpoints.ok(body);
    }
}
