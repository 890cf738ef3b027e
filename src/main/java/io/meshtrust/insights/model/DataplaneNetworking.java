package io.meshtrust.insights.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshtrust.insights.model.InsightQueries.DataplaneKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the insight read model reads from a stored Dataplane spec: its gateway (kind and type) and its tag sets. It
 * reads the raw JSON, not the typed {@code io.meshtrust.dataplanes.Dataplane}, because the memory store applies it to
 * every Dataplane of a scan and a spec stored before a validation rule existed must still be counted, not fail to
 * bind. The PostgreSQL adapter says the same in SQL ({@code store/postgres/OverviewSql},
 * {@code PostgresInsightQueries}); the two are held equal by the store contract test {@code InsightQueriesTest}.
 */
public final class DataplaneNetworking {

    /** The tag value that matches any value of the key. */
    public static final String TAG_ANY = "*";

    /** Kuma's service tag ({@code api/mesh/v1alpha1/dataplane_helpers.go}, {@code ServiceTag}). */
    public static final String SERVICE_TAG = "kuma.io/service";

    private static final String BUILTIN = "BUILTIN";
    private static final String DELEGATED = "DELEGATED";

    private DataplaneNetworking() {}

    /**
     * The kind of a Dataplane, by {@code networking.gateway}: none is standard, a gateway without a type is delegated
     * (Kuma's default, {@code api/mesh/v1alpha1/dataplane_helpers.go}, {@code IsDelegatedGateway}); the kinds Kuma's
     * MeshInsight counts as {@code dataplanesByType} ({@code pkg/insights/resyncer.go}).
     */
    public static DataplaneKind kind(JsonNode spec) {
        var gateway = gateway(spec);
        if (!gateway.isObject()) {
            return DataplaneKind.STANDARD;
        }
        return BUILTIN.equals(gateway.path("type").asText(""))
                ? DataplaneKind.GATEWAY_BUILTIN
                : DataplaneKind.GATEWAY_DELEGATED;
    }

    /** Whether a spec passes Kuma's {@code gateway} list filter
     * ({@code pkg/api-server/filters/filtering.go}, {@code gatewayModeFilterFromParameter}). */
    public static boolean matches(JsonNode spec, OverviewQuery.Gateway filter) {
        JsonNode gw = gateway(spec);
        boolean present = gw.isObject();
        String type = gw.path("type").asText("");
        return switch (filter) {
            case ANY -> true;
            case PRESENT -> present;
            case ABSENT -> !present;
            case BUILTIN -> present && BUILTIN.equals(type);
            case DELEGATED -> present && (type.isEmpty() || DELEGATED.equals(type));
        };
    }

    /**
     * Kuma's {@code Dataplane.MatchTagsFuzzy} ({@code api/mesh/v1alpha1/dataplane_helpers.go}) with
     * {@code TagSelector.MatchesFuzzy}: one inbound, or the gateway, has every key with a value containing the given
     * one ({@link #TAG_ANY}: any value). An empty selector matches every Dataplane.
     */
    public static boolean matchesTagsFuzzy(JsonNode spec, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return true;
        }
        for (JsonNode tagSet : tagSets(spec)) {
            if (matchesFuzzy(tagSet, selector)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesFuzzy(JsonNode tagSet, Map<String, String> selector) {
        for (var e : selector.entrySet()) {
            JsonNode value = tagSet.get(e.getKey());
            if (value == null || value.isNull()) {
                return false;
            }
            if (!e.getValue().equals(TAG_ANY) && !value.asText().contains(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The tag maps of every inbound, then of the gateway. */
    /**
     * The services of a Dataplane, by kind: the textual {@code kuma.io/service} values of its inbounds' tags
     * ({@link DataplaneKind#STANDARD}) and of its gateway's tags (the gateway's {@link #kind}), without repeats.
     */
    public static Map<DataplaneKind, Set<String>> services(JsonNode spec) {
        Map<DataplaneKind, Set<String>> services = new EnumMap<>(DataplaneKind.class);
        JsonNode networking = spec.path("networking");
        for (JsonNode inbound : networking.path("inbound")) {
            addService(services, DataplaneKind.STANDARD, inbound);
        }
        if (networking.path("gateway").isObject()) {
            addService(services, kind(spec), networking.get("gateway"));
        }
        return services;
    }

    private static void addService(Map<DataplaneKind, Set<String>> services, DataplaneKind kind, JsonNode node) {
        JsonNode service = tagsOf(node).path(SERVICE_TAG);
        if (service.isTextual()) {
            services.computeIfAbsent(kind, k -> new TreeSet<>()).add(service.asText());
        }
    }

    static List<JsonNode> tagSets(JsonNode spec) {
        List<JsonNode> sets = new ArrayList<>();
        JsonNode networking = spec.path("networking");
        for (JsonNode inbound : networking.path("inbound")) {
            sets.add(tagsOf(inbound));
        }
        if (networking.path("gateway").isObject()) {
            sets.add(tagsOf(networking.get("gateway")));
        }
        return sets;
    }

    private static JsonNode gateway(JsonNode spec) {
        return spec.path("networking").path("gateway");
    }

    private static JsonNode tagsOf(JsonNode node) {
        JsonNode tags = node.path("tags");
        return tags.isObject() ? tags : JsonNodeFactory.instance.objectNode();
    }
}
