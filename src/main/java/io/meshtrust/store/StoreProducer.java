package io.meshtrust.store;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.store.memory.MemoryResourceStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/**
 * Chooses the store implementation from {@code KUMA_STORE_TYPE}.
 */
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    StoreBackend backend(KumaConfig config, InstantSource clock) {
        return switch (config.store().type()) {
            case memory -> {
                LOG.info("Using the in-memory store: state is lost on restart (KUMA_STORE_TYPE=memory)");
                var memory = new MemoryResourceStore(clock);
                yield new StoreBackend(memory, memory);
            }
            case postgres -> throw new IllegalStateException("KUMA_STORE_TYPE=postgres is not available yet");
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

    /** The selected store and its change feed, which always come from the same backend. */
    public record StoreBackend(ResourceStore store, ChangeFeed changes) {}
}
