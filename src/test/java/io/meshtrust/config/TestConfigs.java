package io.meshtrust.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the real {@link KumaConfig} and {@link MeshtrustConfig} mappings from properties, with the value checks and
 * converters Quarkus applies, without Quarkus.
 */
public final class TestConfigs {

    private TestConfigs() {}

    /**
     * @param properties {@code kuma.*} properties
     * @return the mapping, as the application would see it
     */
    public static KumaConfig kuma(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(KumaConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withInterceptors(new SettingValueCheck())
                .build();
        return config.getConfigMapping(KumaConfig.class);
    }

    /**
     * @param properties {@code meshtrust.*} properties
     * @return the mapping, with Quarkus' reading of durations ({@code 30s})
     */
    public static MeshtrustConfig meshtrust(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MeshtrustConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(MeshtrustConfig.class);
    }
}
