package io.meshtrust.insights;

import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.authn.User;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.InsightQueries.MeshInventory;
import io.meshtrust.insights.model.InsightQueries.MeshStats;
import io.meshtrust.insights.model.InsightQueries.ServiceStat;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Kuma's MeshInsight, computed when asked for instead of resynced in the background as Kuma's
 * {@code pkg/insights/resyncer.go} does: the Dataplanes of each mesh by status, kind and {@code mTLS} backend, and its
 * Secrets and its services (the {@code kuma.io/service} values of its Dataplanes), counted by the store
 * ({@link InsightQueries#meshStats}, {@link InsightQueries#meshInventory}, {@link InsightQueries#meshServices}).
 */
@Singleton
public class MeshInsights {

    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final InsightQueries queries;
    private final DataplaneStatus status;
    private final InstantSource clock;

    public MeshInsights(
            ResourceManager manager,
            AdminResourceAccess access,
            InsightQueries queries,
            DataplaneStatus status,
            InstantSource clock) {
        this.manager = manager;
        this.access = access;
        this.queries = queries;
        this.status = status;
        this.clock = clock;
    }

    /**
     * The insight of one mesh, computed at {@code now}.
     *
     * @param services the mesh's services ({@link InsightQueries#meshServices})
     */
    public record MeshInsight(
            Resource mesh, MeshStats stats, MeshInventory inventory, List<ServiceStat> services, Instant now) {
        public MeshInsight {
            services = List.copyOf(services);
        }

        /** Kuma's MeshInsight {@code services.internal}: the distinct service names, whatever their kind. */
        public long internalServices() {
            return services.stream().map(ServiceStat::service).distinct().count();
        }
    }

    /** A page of mesh insights; {@code nextOffset} is set when more meshes remain. */
    public record Page(List<MeshInsight> items, long total, OptionalInt nextOffset) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * A page of meshes with their insights.
     *
     * @param query built after the access check (it parses the request's parameters)
     */
    public Uni<Page> list(User user, Supplier<ListQuery> query) {
        return Uni.createFrom()
                .voidItem()
                .invoke(() -> access.check(user, ResourceType.MESH))
                .map(ignored -> query.get())
                .chain(manager::list)
                .chain(page -> insights(page.items()).map(items -> new Page(items, page.total(), page.nextOffset())));
    }

    /** The insight of one mesh; fails with the resource manager's not-found when the mesh does not exist. */
    public Uni<MeshInsight> get(User user, String mesh) {
        return Uni.createFrom()
                .voidItem()
                .invoke(() -> access.check(user, ResourceType.MESH))
                .chain(() -> manager.get(ResourceKey.global(ResourceType.MESH, mesh)))
                .chain(found -> insights(List.of(found)))
                .map(items -> items.get(0));
    }

    private Uni<List<MeshInsight>> insights(List<Resource> meshes) {
        Instant now = clock.instant();
        List<String> names = meshes.stream().map(Resource::name).toList();
        Instant onlineSince = status.onlineSince(now);
        return queries.meshStats(names, onlineSince)
                .chain(stats -> queries.meshInventory(names, onlineSince)
                        .chain(inventory -> queries.meshServices(names, onlineSince)
                                .map(services -> meshes.stream()
                                        .map(m -> new MeshInsight(
                                                m,
                                                stats.getOrDefault(m.name(), MeshStats.EMPTY),
                                                inventory.getOrDefault(m.name(), MeshInventory.EMPTY),
                                                services.getOrDefault(m.name(), List.of()),
                                                now))
                                        .toList())));
    }
}
