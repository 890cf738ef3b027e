package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Titled;
import io.meshtrust.insights.model.InsightQueries.DataplaneKind;
import io.meshtrust.insights.model.InsightQueries.DataplaneStat;
import io.meshtrust.resources.ResourceEndpoints;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /global-insight}: Kuma's GlobalInsight ({@code api/openapi/specs/global_insight.yaml}) from
 * {@link GlobalInsight}'s totals. Every key of Kuma's shape is present, with zeros for what meshtrust does not have:
 * external services, policies, zones. Services are the Dataplanes' {@code kuma.io/service} values (Kuma counts
 * MeshServices and gateway Dataplanes; meshtrust stores no MeshService). No access check, as in Kuma.
 */
@Path("/global-insight")
@Produces(MediaType.APPLICATION_JSON)
public class GlobalInsightResource {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GlobalInsight insight;

    public GlobalInsightResource(GlobalInsight insight) {
        this.insight = insight;
    }

    @GET
    public Uni<Response> globalInsight() {
        return insight.get()
                .map(GlobalInsightResource::body)
                .map(ResourceEndpoints::ok)
                .onFailure()
                .transform(Titled.as("Could not retrieve GlobalInsight"));
    }

    static ObjectNode body(GlobalInsight.Totals totals) {
        var byKind = totals.byKind();
        ObjectNode json = JSON.objectNode();
        json.put("createdAt", totals.now().toString());
        ObjectNode dp = json.putObject("dataplanes");
        dp.set("gatewayBuiltin", full(byKind.get(DataplaneKind.GATEWAY_BUILTIN)));
        dp.set("gatewayDelegated", full(byKind.get(DataplaneKind.GATEWAY_DELEGATED)));
        dp.set("standard", full(byKind.get(DataplaneKind.STANDARD)));
        json.putObject("meshes").put("total", totals.meshes());
        json.putObject("policies").put("total", 0);
        ObjectNode resources = json.putObject("resources");
        resources.putObject("Dataplane").put("total", totals.dataplanes());
        resources.putObject("Secret").put("total", totals.secrets());
        ObjectNode services = json.putObject("services");
        services.putObject("external").put("total", 0);
        services.set("gatewayBuiltin", full(totals.services().get(DataplaneKind.GATEWAY_BUILTIN)));
        services.set("gatewayDelegated", full(totals.services().get(DataplaneKind.GATEWAY_DELEGATED)));
        services.set("internal", full(totals.services().get(DataplaneKind.STANDARD)));
        ObjectNode zones = json.putObject("zones");
        for (String key : List.of("controlPlanes", "zoneEgresses", "zoneIngresses")) {
            zones.putObject(key).put("online", 0).put("total", 0);
        }
        return json;
    }

    /** Kuma's {@code FullStatus} of services: every count present. */
    private static ObjectNode full(GlobalInsight.ServiceStatus status) {
        ObjectNode json = JSON.objectNode();
        json.put("offline", status.offline());
        json.put("online", status.online());
        json.put("partiallyDegraded", status.partiallyDegraded());
        json.put("total", status.total());
        return json;
    }

    /** Kuma's {@code FullStatus} of Dataplanes: every count present; a Dataplane is never partially degraded. */
    private static ObjectNode full(DataplaneStat stat) {
        ObjectNode json = JSON.objectNode();
        json.put("offline", stat.offline());
        json.put("online", stat.online());
        json.put("partiallyDegraded", 0);
        json.put("total", stat.total());
        return json;
    }
}
