package io.meshtrust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingValueCheckTest {

    @ParameterizedTest
    @CsvSource({
        "kuma.api-server.http.port, notaport, KUMA_API_SERVER_HTTP_PORT",
        "kuma.api-server.https.port, 70000, KUMA_API_SERVER_HTTPS_PORT",
        "kuma.diagnostics.server-port, -1, KUMA_DIAGNOSTICS_SERVER_PORT",
        "kuma.store.type, bogus, KUMA_STORE_TYPE",
        "kuma.environment, k8s, KUMA_ENVIRONMENT",
        "kuma.api-server.https.enabled, ture, KUMA_API_SERVER_HTTPS_ENABLED",
        "kuma.store.postgres.max-open-connections, many, KUMA_STORE_POSTGRES_MAX_OPEN_CONNECTIONS",
        "kuma.general.cert-generation-base-backoff, 5 seconds, KUMA_GENERAL_CERT_GENERATION_BASE_BACKOFF",
        "kuma.general.cert-generation-max-backoff, 5d, KUMA_GENERAL_CERT_GENERATION_MAX_BACKOFF",
        "kuma.general.cert-generation-circuit-breaker-min-proxies, -1, KUMA_GENERAL_CERT_GENERATION_CIRCUIT_BREAKER_MIN_PROXIES"
    })
    void rejectsBadValueNamingTheEnvironmentVariable(String property, String value, String env) {
        assertThatThrownBy(() -> TestConfigs.kuma(Map.of(property, value)))
                .hasStackTraceContaining(env + " (" + property + "): ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "FALSE", "yes", "off", "1", "0"})
    void acceptsBooleanWords(String value) {
        assertThat(TestConfigs.kuma(Map.of("kuma.api-server.https.enabled", value))
                        .apiServer()
                        .https()
                        .enabled())
                .isEqualTo(Boolean.parseBoolean(value) || value.equals("yes") || value.equals("1"));
    }

    @Test
    void acceptsZeroAndNegativeCertGenerationBackoffsWhichKumaTreatsAsOneSecond() {
        var general = TestConfigs.kuma(Map.of(
                        "kuma.general.cert-generation-base-backoff",
                        "0",
                        "kuma.general.cert-generation-max-backoff",
                        "-1s"))
                .general();
        assertThat(general.certGenerationBaseBackoff()).isEqualTo("0");
        assertThat(general.certGenerationMaxBackoff()).isEqualTo("-1s");
        assertThat(general.certGenerationCircuitBreakerMinProxies()).isEqualTo(10);
    }

    @Test
    void acceptsPortBounds() {
        assertThatCode(() -> TestConfigs.kuma(
                        Map.of("kuma.api-server.http.port", "0", "kuma.api-server.https.port", "65535")))
                .doesNotThrowAnyException();
    }

    @Test
    void describesProblemsPrecisely() {
        assertThat(SettingValueCheck.problem(SettingValueCheck.Kind.PORT, "notaport"))
                .isEqualTo("expected a port number, got \"notaport\"");
        assertThat(SettingValueCheck.problem(SettingValueCheck.Kind.PORT, "65536"))
                .isEqualTo("port must be in range [0, 65535], got 65536");
        assertThat(SettingValueCheck.problem(SettingValueCheck.Kind.STORE_TYPE, "bogus"))
                .isEqualTo("unsupported value \"bogus\", expected one of memory, postgres");
    }

    /** A new int, boolean or enum setting in KumaConfig must be added to the checked table. */
    @Test
    void checksEveryTypedSettingOfKumaConfig() {
        Map<String, Class<?>> typed = new HashMap<>();
        collect(KumaConfig.class, "kuma", typed);
        assertThat(typed).isNotEmpty();
        // durations are strings in the mapping (Go syntax), so they are listed by hand
        var checked = new HashSet<>(SettingValueCheck.SETTINGS.keySet());
        checked.removeIf(name -> SettingValueCheck.SETTINGS.get(name) == SettingValueCheck.Kind.POSITIVE_DURATION
                || SettingValueCheck.SETTINGS.get(name) == SettingValueCheck.Kind.DURATION);
        assertThat(checked).containsExactlyInAnyOrderElementsOf(typed.keySet());
        typed.forEach((name, type) -> {
            if (type.isEnum()) {
                Object[] constants = type.getEnumConstants();
                assertThat(SettingValueCheck.SETTINGS.get(name).allowed)
                        .as(name)
                        .containsExactlyInAnyOrderElementsOf(
                                Arrays.stream(constants).map(Object::toString).toList());
            }
        });
    }

    private static void collect(Class<?> group, String prefix, Map<String, Class<?>> typed) {
        for (Method method : group.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            Type generic = method.getGenericReturnType();
            if (type == int.class || type == long.class || type == boolean.class || type.isEnum()) {
                typed.put(name, type);
            } else if (type.isInterface() && type.getName().startsWith("io.meshtrust")) {
                collect(type, name, typed);
            } else if (generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element
                    && (element == Integer.class || element == Boolean.class || element.isEnum())) {
                typed.put(name, element);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
