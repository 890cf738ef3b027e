package io.meshtrust.resources;

import io.meshtrust.config.StartupPhases;
import io.meshtrust.store.ClusterIdStore;
import io.meshtrust.store.OnVertx;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The control-plane cluster's id for the index's {@code clusterId}: created in the store on the first start (a random
 * UUID, as Kuma's {@code pkg/clusterid/creator.go} does with {@code core.NewUUID}) and read back on every start
 * ({@code reader.go}), before the API serves, so that every replica on one store answers the same id and the index
 * never waits on the store. Kuma's followers poll until the leader has created it; here each replica offers a
 * candidate and the store keeps the first ({@link ClusterIdStore}).
 */
@Singleton
public class ClusterIdentity {

    /** After the store is up (it starts with the backend, before any startup observer). */
    static final int PRIORITY = 2000;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(ClusterIdentity.class);

    private volatile String id = "";

    void onStart(
            @Observes @Priority(PRIORITY) StartupEvent event, Vertx vertx, ClusterIdStore store, StartupPhases phases) {
        id = phases.time(
                "cluster id",
                () -> OnVertx.await(
                        vertx,
                        TIMEOUT,
                        "reading the cluster id",
                        () -> store.clusterId(UUID.randomUUID().toString())));
        LOG.infof("Cluster ID: %s", id);
    }

    /** The cluster id; {@code ""} only before the start has read it (Kuma's index answers that too, until then). */
    public String id() {
        return id;
    }
}
