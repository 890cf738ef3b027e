package io.meshtrust.dataplanes;

import io.meshtrust.api.Violation;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.resources.DeleteGuard;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mesh with dataplanes cannot be deleted (docs/kuma-ca-insights.md §1.6) unless {@code KUMA_STORE_UNSAFE_DELETE} is on.
 */
@Singleton
public class MeshWithDataplanesGuard implements DeleteGuard {

    private final ResourceStore store;
    private final boolean unsafeDelete;

    public MeshWithDataplanesGuard(ResourceStore store, KumaConfig config) {
        this.store = store;
        this.unsafeDelete = config.store().unsafeDelete();
    }

    @Override
    public Uni<List<Violation>> check(ResourceKey key) {
        if (key.type() != ResourceType.MESH || unsafeDelete) {
            return Uni.createFrom().item(List.of());
        }
        return store.list(new ListQuery(ResourceType.DATAPLANE, Optional.of(key.name()), "", Map.of(), 0, 1))
                .map(page -> page.total() == 0
                        ? List.<Violation>of()
                        : List.of(new Violation(
                                "mesh", "unable to delete mesh, there are still some dataplanes attached")));
    }
}
