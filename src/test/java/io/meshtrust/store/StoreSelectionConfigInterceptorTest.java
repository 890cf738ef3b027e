package io.meshtrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshtrust.config.KumaConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Store section of application.properties with the interceptor: Kuma's environment variables alone select and
 * configure the datasource.
 */
class StoreSelectionConfigInterceptorTest {

    private static SmallRyeConfig config(Map<String, String> env) throws IOException {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptors(new StoreSelectionConfigInterceptor())
                .withSources(new PropertiesConfigSource(
                        StoreSelectionConfigInterceptorTest.class.getResource("/application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(KumaConfig.class)
                .build();
    }

    @Test
    void memoryByDefaultLeavesTheDatasourceInactive() throws IOException {
        var config = config(Map.of());

        assertThat(config.getValue("quarkus.datasource.active", Boolean.class)).isFalse();
        assertThat(config.getValue("quarkus.hibernate-orm.active", Boolean.class))
                .isFalse();
    }

    @Test
    void postgresActivatesTheDatasourceFromKumaSettings() throws IOException {
        var config = config(Map.of(
                "KUMA_STORE_TYPE", "postgres",
                "KUMA_STORE_POSTGRES_HOST", "db.example",
                "KUMA_STORE_POSTGRES_PORT", "6543",
                "KUMA_STORE_POSTGRES_USER", "mesh",
                "KUMA_STORE_POSTGRES_PASSWORD", "pw",
                "KUMA_STORE_POSTGRES_DB_NAME", "trust",
                "KUMA_STORE_POSTGRES_MAX_OPEN_CONNECTIONS", "7"));

        assertThat(config.getValue("quarkus.datasource.active", Boolean.class)).isTrue();
        assertThat(config.getValue("quarkus.hibernate-orm.active", Boolean.class))
                .isTrue();
        assertThat(config.getValue("quarkus.datasource.reactive.url", String.class))
                .isEqualTo("postgresql://db.example:6543/trust");
        assertThat(config.getValue("quarkus.datasource.username", String.class)).isEqualTo("mesh");
        assertThat(config.getValue("quarkus.datasource.password", String.class)).isEqualTo("pw");
        assertThat(config.getValue("quarkus.datasource.reactive.max-size", Integer.class))
                .isEqualTo(7);
        assertThat(config.getConfigMapping(KumaConfig.class).store().type()).isEqualTo(KumaConfig.StoreType.postgres);
    }

    @Test
    void unsetPostgresSettingsFallBackToKumaDefaults() throws IOException {
        var config = config(Map.of("KUMA_STORE_TYPE", "postgres"));

        assertThat(config.getValue("quarkus.datasource.reactive.url", String.class))
                .isEqualTo("postgresql://127.0.0.1:15432/kuma");
        assertThat(config.getValue("quarkus.datasource.username", String.class)).isEqualTo("kuma");
        assertThat(config.getValue("quarkus.datasource.reactive.max-size", Integer.class))
                .isEqualTo(20);
    }

    @Test
    void explicitQuarkusSettingWins() throws IOException {
        var config = config(Map.of("KUMA_STORE_TYPE", "postgres", "QUARKUS_DATASOURCE_ACTIVE", "false"));

        assertThat(config.getValue("quarkus.datasource.active", Boolean.class)).isFalse();
    }

    @Test
    void invalidStoreTypeStopsTheStartNamingTheSetting() {
        var failure = catchThrowable(
                () -> config(Map.of("KUMA_STORE_TYPE", "etcd")).getValue("quarkus.datasource.active", Boolean.class));

        // Whichever check runs first (the interceptor or the KumaConfig mapping), it names the setting and value.
        assertThat(failure).hasStackTraceContaining("kuma.store.type").hasStackTraceContaining("etcd");
    }
}
