package io.meshtrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.memory.MemoryResourceStore;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Without KUMA_STORE_TYPE the application runs on the memory store, with the datasource inactive. */
@QuarkusTest
class MemoryStoreSelectionTest {

    @Inject
    ResourceStore store;

    @Inject
    ChangeFeed changes;

    @Inject
    InjectableInstance<Pool> pool;

    @Inject
    InjectableInstance<Mutiny.SessionFactory> sessions;

    @Inject
    Config config;

    @Test
    void selectsMemoryStoreAndLeavesDatasourceInactive() {
        assertThat(store).isInstanceOf(MemoryResourceStore.class);
        assertThat(changes).isSameAs(store);
        assertThat(config.getValue("quarkus.datasource.active", Boolean.class)).isFalse();
        assertThat(pool.getHandle().getBean().isActive()).isFalse();
        assertThat(sessions.getHandle().getBean().isActive()).isFalse();
    }

    @Test
    void derivesDatasourceSettingsFromKumaDefaults() {
        assertThat(config.getValue("quarkus.datasource.reactive.url", String.class))
                .isEqualTo("postgresql://127.0.0.1:15432/kuma");
        assertThat(config.getValue("quarkus.datasource.reactive.max-size", Integer.class))
                .isEqualTo(20);
    }
}
