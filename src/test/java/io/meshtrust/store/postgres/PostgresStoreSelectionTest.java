package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** KUMA_STORE_TYPE=postgres and KUMA_STORE_POSTGRES_* alone put the application on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresStoreSelectionTest {

    @Inject
    ResourceStore store;

    @Inject
    ChangeFeed changes;

    @Inject
    Config config;

    @Inject
    PostgresStoreBootstrap bootstrap;

    @Test
    void selectsPostgresStoreConfiguredFromKumaSettings() {
        assertThat(store).isInstanceOf(PostgresResourceStore.class);
        assertThat(changes).isSameAs(store);
        assertThat(config.getValue("quarkus.datasource.active", Boolean.class)).isTrue();
        assertThat(config.getValue("quarkus.hibernate-orm.active", Boolean.class))
                .isTrue();

        var db = config.getValue("kuma.store.postgres.db-name", String.class);
        var port = config.getValue("kuma.store.postgres.port", String.class);
        assertThat(config.getValue("quarkus.datasource.reactive.url", String.class))
                .endsWith(":" + port + "/" + db);
        assertThat(bootstrap.settings().database()).isEqualTo(db);
    }
}
