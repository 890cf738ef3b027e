package io.meshtrust.resources;

import io.meshtrust.api.Violation;
import io.meshtrust.store.ResourceKey;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** A feature's reasons to refuse deleting a resource that is still in use (Kuma's delete validators). */
public interface DeleteGuard {

    /** Violations that block the delete; empty to allow it. */
    Uni<List<Violation>> check(ResourceKey key);
}
