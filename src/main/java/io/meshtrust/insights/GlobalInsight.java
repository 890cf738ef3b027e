package io.meshtrust.insights;

import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.InsightQueries.DataplaneKind;
import io.meshtrust.insights.model.InsightQueries.DataplaneStat;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Kuma's GlobalInsight, the numbers on the home page of Kuma's GUI
 * ({@code pkg/insights/globalinsight/global_insight_service.go}). Kuma sums its MeshInsights; meshtrust counts
 * Dataplanes by kind and status, and their services, in the store ({@link InsightQueries#meshInventory},
 * {@link InsightQueries#meshServices}), never loading them.
 */
@Singleton
public class GlobalInsight {

    private final ResourceManager manager;
    private final InsightQueries queries;
    private final DataplaneStatus status;
    private final InstantSource clock;

    public GlobalInsight(ResourceManager manager, InsightQueries queries, DataplaneStatus status, InstantSource clock) {
        this.manager = manager;
        this.queries = queries;
        this.status = status;
        this.clock = clock;
    }

    /**
     * The totals over every mesh at {@code now}.
     *
     * @param byKind  Dataplanes by kind, every kind present
     * @param secrets the Secrets of every mesh
     */
    public record Totals(
            Instant now,
            int meshes,
            Map<DataplaneKind, DataplaneStat> byKind,
            long secrets,
            Map<DataplaneKind, ServiceStatus> services) {
        public Totals {
            byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
            services = Collections.unmodifiableMap(new EnumMap<>(services));
        }

        public long dataplanes() {
            return byKind.values().stream().mapToLong(DataplaneStat::total).sum();
        }
    }

    /**
     * Kuma's {@code FullStatus} of services: each service is online when every Dataplane carrying it is, offline
     * when none is, else partially degraded ({@code updateServiceStatus} in
     * {@code pkg/insights/globalinsight/global_insight_service.go}).
     */
    public record ServiceStatus(long total, long online, long offline, long partiallyDegraded) {
        public static final ServiceStatus ZERO = new ServiceStatus(0, 0, 0, 0);

        ServiceStatus plus(DataplaneStat dataplanes) {
            if (dataplanes.total() == 0 || dataplanes.online() == 0) {
                return new ServiceStatus(total + 1, online, offline + 1, partiallyDegraded);
            }
            if (dataplanes.online() == dataplanes.total()) {
                return new ServiceStatus(total + 1, online + 1, offline, partiallyDegraded);
            }
            return new ServiceStatus(total + 1, online, offline, partiallyDegraded + 1);
        }
    }

    public Uni<Totals> get() {
        Instant now = clock.instant();
        Instant onlineSince = status.onlineSince(now);
        return meshNames(0, new ArrayList<>())
                .chain(meshes -> queries.meshInventory(meshes, onlineSince)
                        .chain(inventory -> queries.meshServices(meshes, onlineSince)
                                .map(services -> totals(now, meshes.size(), inventory, services))));
    }

    /** Every mesh name, a page of the largest size at a time: meshes are few, Dataplanes are not loaded. */
    private Uni<List<String>> meshNames(int offset, List<String> names) {
        return manager.list(ListQuery.all(ResourceType.MESH).page(offset, ListQuery.MAX_PAGE_SIZE))
                .chain(page -> {
                    page.items().stream().map(Resource::name).forEach(names::add);
                    if (page.items().isEmpty() || names.size() >= page.total()) {
                        return Uni.createFrom().item(names);
                    }
                    return meshNames(offset + page.items().size(), names);
                });
    }

    static Totals totals(
            Instant now,
            int meshes,
            Map<String, InsightQueries.MeshInventory> inventory,
            Map<String, List<InsightQueries.ServiceStat>> services) {
        Map<DataplaneKind, DataplaneStat> byKind = new EnumMap<>(DataplaneKind.class);
        for (DataplaneKind kind : DataplaneKind.values()) {
            byKind.put(kind, DataplaneStat.ZERO);
        }
        long secrets = 0;
        for (var mesh : inventory.values()) {
            mesh.dataplanesByType().forEach((kind, stat) -> byKind.merge(kind, stat, DataplaneStat::plus));
            secrets += mesh.secrets();
        }
        Map<DataplaneKind, ServiceStatus> byServiceKind = new EnumMap<>(DataplaneKind.class);
        for (DataplaneKind kind : DataplaneKind.values()) {
            byServiceKind.put(kind, ServiceStatus.ZERO);
        }
        services.values()
                .forEach(list -> list.forEach(s ->
                        byServiceKind.put(s.kind(), byServiceKind.get(s.kind()).plus(s.dataplanes()))));
        return new Totals(now, meshes, byKind, secrets, byServiceKind);
    }
}
