package io.meshtrust.store.memory;

import io.meshtrust.store.ClusterIdStore;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicReference;

/** The memory store's cluster id: the first candidate offered, for the life of the process. */
public final class MemoryClusterIdStore implements ClusterIdStore {

    private final AtomicReference<String> id = new AtomicReference<>();

    @Override
    public Uni<String> clusterId(String candidate) {
        id.compareAndSet(null, candidate);
        return Uni.createFrom().item(id.get());
    }
}
