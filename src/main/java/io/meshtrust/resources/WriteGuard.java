package io.meshtrust.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.store.ResourceKey;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A feature's reasons to refuse writing a resource, checked by {@link ResourceManager#put} on create and update after
 * the spec's own rules and before the store is touched, so a refused write stores nothing. Asynchronous, unlike
 * {@link ResourceSpec#validate}, because a check may parse private keys (crypto worker) or read the store. Kuma has
 * no such hook: it stores any Secret (docs/kuma-ca-insights.md §7.8).
 */
public interface WriteGuard {

    /**
     * @param spec the decoded spec that would be stored
     * @return violations that block the write; empty to allow it
     */
    Uni<List<Violation>> check(ResourceKey key, ObjectNode spec);
}
