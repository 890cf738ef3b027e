package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Titled;
import io.meshtrust.resources.ResourceEndpoints;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.store.InsightQueries;
import io.meshtrust.store.InsightQueries.DataplaneKind;
import io.meshtrust.store.InsightQueries.DataplaneStat;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /global-insight}: Kuma's GlobalInsight, the numbers on the home page of Kuma's GUI
 * ({@code api/openapi/specs/global_insight.yaml}, {@code pkg/insights/globalinsight/global_insight_service.go}).
 * Kuma sums its MeshInsights; meshtrust counts Dataplanes by kind and status in the store
 * ({@link InsightQueries#meshInventory}), never loading them. Every key of Kuma's shape is present, with zeros for
 * what meshtrust does not have: services (no ServiceInsight), policies, zones. No access check, as in Kuma.
 */
@Path("/global-insight")
@Produces(MediaType.APPLICATION_JSON)
public class GlobalInsightResource {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceManager manager;
    private final InsightQueries queries;
    private final DataplaneStatus status;
    private final InstantSource clock;

    public GlobalInsightResource(
            ResourceManager manager, InsightQueries queries, DataplaneStatus status, InstantSource clock) {
        this.manager = manager;
        this.queries = queries;
        this.status = status;
        this.clock = clock;
    }

    @GET
    public Uni<Response> globalInsight() {
        Instant now = clock.instant();
        return meshNames(0, new ArrayList<>())
                .chain(meshes -> queries.meshInventory(meshes, status.onlineSince(now))
                        .map(inventory -> body(now, meshes.size(), inventory)))
                .map(ResourceEndpoints::ok)
                .onFailure().transform(Titled.as("Could not retrieve GlobalInsight"));
    }

    /** Every mesh name, a page of the largest size at a time: meshes are few, Dataplanes are not loaded. */
    private Uni<List<String>> meshNames(int offset, List<String> names) {
        return manager.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE)).chain(page -> {
            page.items().stream().map(Resource::name).forEach(names::add);
            if (page.items().isEmpty() || names.size() >= page.total()) {
                return Uni.createFrom().item(names);
            }
            return meshNames(offset + page.items().size(), names);
        });
    }

    static ObjectNode body(Instant now, int meshes, Map<String, InsightQueries.MeshInventory> inventory) {
        Map<DataplaneKind, DataplaneStat> byKind = new EnumMap<>(DataplaneKind.class);
        long secrets = 0;
        for (var mesh : inventory.values()) {
            mesh.dataplanesByType().forEach((kind, stat) -> byKind.merge(kind, stat, DataplaneStat::plus));
            secrets += mesh.secrets();
        }
        long dataplanes = byKind.values().stream().mapToLong(DataplaneStat::total).sum();

        ObjectNode json = JSON.objectNode();
        json.put("createdAt", now.toString());
        ObjectNode dp = json.putObject("dataplanes");
        dp.set("gatewayBuiltin", full(byKind.getOrDefault(DataplaneKind.GATEWAY_BUILTIN, DataplaneStat.ZERO)));
        dp.set("gatewayDelegated", full(byKind.getOrDefault(DataplaneKind.GATEWAY_DELEGATED, DataplaneStat.ZERO)));
        dp.set("standard", full(byKind.getOrDefault(DataplaneKind.STANDARD, DataplaneStat.ZERO)));
        json.putObject("meshes").put("total", meshes);
        json.putObject("policies").put("total", 0);
        ObjectNode resources = json.putObject("resources");
        resources.putObject("Dataplane").put("total", dataplanes);
        resources.putObject("Secret").put("total", secrets);
        ObjectNode services = json.putObject("services");
        services.putObject("external").put("total", 0);
        services.set("gatewayBuiltin", full(DataplaneStat.ZERO));
        services.set("gatewayDelegated", full(DataplaneStat.ZERO));
        services.set("internal", full(DataplaneStat.ZERO));
        ObjectNode zones = json.putObject("zones");
        for (String key : List.of("controlPlanes", "zoneEgresses", "zoneIngresses")) {
            zones.putObject(key).put("online", 0).put("total", 0);
        }
        return json;
    }

    /** Kuma's {@code FullStatus}: every count present; meshtrust never reports partially degraded. */
    private static ObjectNode full(DataplaneStat stat) {
        ObjectNode json = JSON.objectNode();
        json.put("offline", stat.offline());
        json.put("online", stat.online());
        json.put("partiallyDegraded", 0);
        json.put("total", stat.total());
        return json;
    }
}
