package io.meshtrust.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.SettingValueCheck;
import io.meshtrust.http.CorsRoute;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code KUMA_API_SERVER_CORS_ALLOWED_DOMAINS} is read and matched (go-restful v3's {@code isOriginAllowed}). */
class CorsOriginsTest {

    static Cors fromEnv(String value) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(KumaConfig.class)
                .withSources(new EnvConfigSource(Map.of("KUMA_API_SERVER_CORS_ALLOWED_DOMAINS", value), 300))
                .withInterceptors(new SettingValueCheck())
                .build();
        return CorsRoute.from(config.getConfigMapping(KumaConfig.class));
    }

    @Test
    void readsCommaSeparatedOriginsFromKumasVariable() {
        Cors cors = fromEnv("http://localhost:8080, https://gui.example");
        assertThat(cors.allows("http://localhost:8080")).isTrue();
        assertThat(cors.allows("https://gui.example")).isTrue();
        assertThat(cors.allows("HTTPS://GUI.example")).isTrue();
    }

    @Test
    void entriesAreNotPatterns() {
        Cors cors = fromEnv("https://gui.example,^https://.*\\.corp$");
        assertThat(cors.allows("https://gui.example.evil")).isFalse();
        assertThat(cors.allows("https://guiXexample")).isFalse();
        assertThat(cors.allows("https://a.corp")).isFalse();
        assertThat(cors.allows("")).isFalse();
        assertThat(cors.allows(null)).isFalse();
    }

    @Test
    void dotStarAllowsAnyOrigin() {
        assertThat(fromEnv(".*").allows("https://anything.example")).isTrue();
        assertThat(fromEnv(".*").allows("")).isFalse();
    }
}
