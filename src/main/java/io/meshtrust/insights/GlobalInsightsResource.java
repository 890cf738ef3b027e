package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /global-insights}: totals of every global-scoped type
 * ({@code pkg/api-server/global_insights_endpoints.go}). Kuma also lists zone
 * types; meshtrust serves none of them and reports them as 0 so that Kuma clients find every key they expect.
 */
@Path("/global-insights")
@Produces(MediaType.APPLICATION_JSON)
public class GlobalInsightsResource {

    private static final List<String> ZONE_TYPES = List.of("Zone", "ZoneIngress", "ZoneEgress");

    private final ResourceManager manager;
    private final InstantSource clock;

    public GlobalInsightsResource(ResourceManager manager, InstantSource clock) {
        this.manager = manager;
        this.clock = clock;
    }

    @GET
    public Uni<ObjectNode> globalInsights() {
        var global = Arrays.stream(ResourceType.values())
                .filter(t -> !t.meshScoped())
                .toList();
        return Multi.createFrom()
                .iterable(global)
                .onItem()
                .transformToUniAndConcatenate(t -> manager.count(t).map(n -> new Count(t, n)))
                .collect()
                .asList()
                .map(counts -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("type", "GlobalInsights");
                    body.put("creationTime", clock.instant().toString());
                    ObjectNode resources = body.putObject("resources");
                    counts.forEach(c -> resources.putObject(c.type().kumaName()).put("total", c.total()));
                    ZONE_TYPES.forEach(z -> resources.putObject(z).put("total", 0));
                    return body;
                });
    }

    private record Count(ResourceType type, long total) {}
}
