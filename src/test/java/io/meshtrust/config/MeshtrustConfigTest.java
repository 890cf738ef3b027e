package io.meshtrust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** meshtrust's own settings: defaults, values read, and a misspelt key refused rather than ignored. */
class MeshtrustConfigTest {

    private static MeshtrustConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MeshtrustConfig.class)
                // Quarkus' reading of "30s", as the server has it
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(MeshtrustConfig.class);
    }

    @Test
    void defaults() {
        MeshtrustConfig config = config(Map.of());
        assertThat(config.crypto().workers()).isZero();
        assertThat(config.crypto().keygenWorkers()).isZero();
        assertThat(config.metrics().refreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.store().postgresSelected()).isFalse();
    }

    @Test
    void readsEachSetting() {
        MeshtrustConfig config = config(Map.of(
                "meshtrust.crypto.workers", "3",
                "meshtrust.crypto.keygen-workers", "1",
                "meshtrust.metrics.refresh-interval", "1h"));
        assertThat(config.crypto().workers()).isEqualTo(3);
        assertThat(config.crypto().keygenWorkers()).isEqualTo(1);
        assertThat(config.metrics().refreshInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMisspeltKeyIsRefusedByName() {
        assertThatThrownBy(() -> config(Map.of("meshtrust.crypto.workrs", "3")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("meshtrust.crypto.workrs");
    }
}
