package io.meshtrust.store.wiring;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.StartupPhases;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.RotationQueries;
import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ClusterIdStore;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.memory.MemoryClusterIdStore;
import io.meshtrust.store.memory.MemoryInsightQueries;
import io.meshtrust.store.memory.MemoryInsightStore;
import io.meshtrust.store.memory.MemoryResourceStore;
import io.meshtrust.store.memory.MemoryRotationQueries;
import io.meshtrust.store.postgres.PostgresStoreBootstrap;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/**
 * Chooses the store implementation from {@code KUMA_STORE_TYPE}, and with it the adapters of the ports other packages
 * own (the insight read model's {@link InsightQueries}). It lives apart from {@code store/} so that the store's ports
 * and records depend on no implementation and on nothing of {@code insights/}.
 *
 * <p>The backend is created eagerly, before application startup observers, so that a PostgreSQL store that cannot
 * be reached or migrated stops the start with its message, and so that the schema exists before anything uses it.
 */
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    @Startup(Interceptor.Priority.LIBRARY_BEFORE)
    StoreBackend backend(
            KumaConfig config, InstantSource clock, Instance<PostgresStoreBootstrap> postgres, StartupPhases phases) {
        return switch (config.store().type()) {
            case memory -> {
                LOG.info("Using the in-memory store: state is lost on restart (KUMA_STORE_TYPE=memory)");
                var memory = new MemoryResourceStore(clock);
                var insights = new MemoryInsightStore(memory, clock);
                yield new StoreBackend(
                        memory,
                        memory,
                        insights,
                        new MemoryInsightQueries(memory, insights),
                        new MemoryRotationQueries(insights),
                        new MemoryClusterIdStore());
            }
            case postgres -> {
                var bootstrap = postgres.get();
                var store = phases.time("PostgreSQL store (connect, migrations)", bootstrap::start);
                yield new StoreBackend(
                        store,
                        store,
                        bootstrap.insightStore(),
                        bootstrap.insightQueries(),
                        bootstrap.rotationQueries(),
                        bootstrap.clusterIds());
            }
        };
    }

    @Produces
    @Singleton
    ResourceStore store(StoreBackend backend) {
        return backend.store();
    }

    @Produces
    @Singleton
    ChangeFeed changeFeed(StoreBackend backend) {
        return backend.changes();
    }

    @Produces
    @Singleton
    InsightStore insights(StoreBackend backend) {
        return backend.insights();
    }

    @Produces
    @Singleton
    InsightQueries insightQueries(StoreBackend backend) {
        return backend.insightQueries();
    }

    @Produces
    @Singleton
    RotationQueries rotationQueries(StoreBackend backend) {
        return backend.rotationQueries();
    }

    @Produces
    @Singleton
    ClusterIdStore clusterIds(StoreBackend backend) {
        return backend.clusterIds();
    }

    /**
     * The selected store, its change feed, its insights, the queries over both and the cluster id, which always come
     * from the same backend.
     */
    public record StoreBackend(
            ResourceStore store,
            ChangeFeed changes,
            InsightStore insights,
            InsightQueries insightQueries,
            RotationQueries rotationQueries,
            ClusterIdStore clusterIds) {}
}
