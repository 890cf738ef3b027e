package io.meshtrust.store;

import io.smallrye.mutiny.Uni;

/**
 * The control-plane cluster's id: a UUID generated once per store and kept in it, which the index reports as
 * {@code clusterId} (Kuma's {@code kuma-cluster-id} Config resource, {@code pkg/clusterid/creator.go}, read by
 * {@code reader.go}). Every replica on one store reads the same id, and on PostgreSQL it survives restarts; the memory
 * store keeps it for the life of the process.
 */
public interface ClusterIdStore {

    /**
     * The stored cluster id, storing {@code candidate} first when the store has none. Replicas that call this at once
     * on an empty store all get the one id that was stored first, whichever candidate it was.
     *
     * @throws StoreException.Unavailable (as a failed Uni) when the store cannot be reached
     */
    Uni<String> clusterId(String candidate);
}
