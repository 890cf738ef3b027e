package io.meshtrust.config;

import io.meshtrust.values.GoDuration;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the raw value of every typed Kuma setting (ports, numbers, booleans, enums) as it is read, and fails with a
 * message naming the Kuma environment variable.
 *
 * <p>Why an interceptor rather than a check in a bean: Quarkus' own settings are derived from ours
 * ({@code quarkus.http.port=${kuma.api-server.http.port}}) and are converted before any bean runs, so
 * {@code KUMA_API_SERVER_HTTP_PORT=notaport} would otherwise be reported as a bad {@code quarkus.http.port}. It also
 * stops SmallRye's lenient boolean conversion from turning a typo such as {@code KUMA_API_SERVER_HTTPS_ENABLED=ture}
 * into {@code false}. Registered through {@code META-INF/services}; cross-setting rules live in
 * {@link ConfigValidator}.
 */
@Priority(Priorities.LIBRARY + 50)
public class SettingValueCheck implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;

    /** The kind of value a setting takes. */
    enum Kind {
        PORT,
        NON_NEGATIVE_INT,
        BOOLEAN,
        /** A positive Go duration ({@code 300ms}, {@code 5m}, {@code 1h30m}). */
        POSITIVE_DURATION,
        /** Any Go duration, zero and negative included (the feature gives those a meaning). */
        DURATION,
        STORE_TYPE(List.of("memory", "postgres")),
        ENVIRONMENT(List.of("universal", "kubernetes"));

        final List<String> allowed;

        Kind() {
            this(List.of());
        }

        Kind(List<String> allowed) {
            this.allowed = allowed;
        }
    }

    /** Every typed property of {@link KumaConfig}; a unit test keeps this table complete. */
    static final Map<String, Kind> SETTINGS = Map.ofEntries(
            Map.entry("kuma.environment", Kind.ENVIRONMENT),
            Map.entry("kuma.api-server.read-only", Kind.BOOLEAN),
            Map.entry("kuma.api-server.http.enabled", Kind.BOOLEAN),
            Map.entry("kuma.api-server.http.port", Kind.PORT),
            Map.entry("kuma.api-server.https.enabled", Kind.BOOLEAN),
            Map.entry("kuma.api-server.https.port", Kind.PORT),
            Map.entry("kuma.api-server.https.require-client-cert", Kind.BOOLEAN),
            Map.entry("kuma.api-server.authn.localhost-is-admin", Kind.BOOLEAN),
            Map.entry("kuma.api-server.authn.tokens.bootstrap-admin-token", Kind.BOOLEAN),
            Map.entry("kuma.api-server.authn.tokens.enable-issuer", Kind.BOOLEAN),
            Map.entry("kuma.api-server.authn.tokens.validator.use-secrets", Kind.BOOLEAN),
            Map.entry("kuma.api-server.authn.tokens.validator.require-expiration", Kind.BOOLEAN),
            Map.entry("kuma.dp-server.authn.dp-proxy.dp-token.enable-issuer", Kind.BOOLEAN),
            Map.entry("kuma.dp-server.authn.dp-proxy.dp-token.validator.use-secrets", Kind.BOOLEAN),
            Map.entry("kuma.dp-server.authn.zone-proxy.zone-token.enable-issuer", Kind.BOOLEAN),
            Map.entry("kuma.store.type", Kind.STORE_TYPE),
            Map.entry("kuma.store.unsafe-delete", Kind.BOOLEAN),
            Map.entry("kuma.store.postgres.port", Kind.PORT),
            Map.entry("kuma.store.postgres.max-open-connections", Kind.NON_NEGATIVE_INT),
            Map.entry("kuma.store.postgres.connection-timeout", Kind.NON_NEGATIVE_INT),
            Map.entry("kuma.diagnostics.server-port", Kind.PORT),
            Map.entry("kuma.metrics.dataplane.idle-timeout", Kind.POSITIVE_DURATION),
            Map.entry("kuma.general.cert-generation-base-backoff", Kind.DURATION),
            Map.entry("kuma.general.cert-generation-max-backoff", Kind.DURATION),
            Map.entry("kuma.general.cert-generation-circuit-breaker-min-proxies", Kind.NON_NEGATIVE_INT));

    // Go's strconv.ParseBool words plus SmallRye's; anything else is a mistake, not "false".
    private static final Set<String> BOOLEAN_WORDS =
            Set.of("true", "false", "t", "f", "1", "0", "yes", "no", "y", "n", "on", "off");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        Kind kind = SETTINGS.get(name);
        if (kind != null && value != null && value.getValue() != null) {
            String problem = problem(kind, value.getValue().trim());
            if (problem != null) {
                throw new ConfigurationException(SettingNames.env(name) + " (" + name + "): " + problem, Set.of(name));
            }
        }
        return value;
    }

    /**
     * Checks one raw value.
     *
     * @param kind the setting's kind
     * @param raw the value as written
     * @return what is wrong with it, or {@code null} when it is acceptable
     */
    static String problem(Kind kind, String raw) {
        switch (kind) {
            case PORT, NON_NEGATIVE_INT -> {
                long number;
                try {
                    number = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    return "expected " + (kind == Kind.PORT ? "a port number" : "a whole number") + ", got \"" + raw
                            + "\"";
                }
                if (kind == Kind.PORT && (number < 0 || number > 65535)) {
                    return "port must be in range [0, 65535], got " + raw;
                }
                if (kind == Kind.NON_NEGATIVE_INT && (number < 0 || number > Integer.MAX_VALUE)) {
                    return "must be between 0 and " + Integer.MAX_VALUE + ", got " + raw;
                }
                return null;
            }
            case BOOLEAN -> {
                return BOOLEAN_WORDS.contains(raw.toLowerCase(Locale.ROOT))
                        ? null
                        : "expected true or false, got \"" + raw + "\"";
            }
            case POSITIVE_DURATION, DURATION -> {
                try {
                    Duration d = GoDuration.parse(raw);
                    return kind == Kind.POSITIVE_DURATION && (d.isNegative() || d.isZero())
                            ? "expected a positive duration such as 5m, got \"" + raw + "\""
                            : null;
                } catch (GoDuration.InvalidDurationException e) {
                    return "expected a duration such as 30s, 5m or 1h, got \"" + raw + "\"";
                }
            }
            default -> {
                return kind.allowed.contains(raw)
                        ? null
                        : "unsupported value \"" + raw + "\", expected one of " + String.join(", ", kind.allowed);
            }
        }
    }
}
