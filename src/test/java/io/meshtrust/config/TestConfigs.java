package io.meshtrust.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** Builds the real {@link KumaConfig} mapping from properties, with the value checks Quarkus applies, without Quarkus. */
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
}
