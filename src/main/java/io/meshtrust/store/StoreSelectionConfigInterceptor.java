package io.meshtrust.store;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Locale;

/**
 * Answers {@value #POSTGRES_SELECTED} ({@code true}/{@code false}) from {@code kuma.store.type}
 * ({@code KUMA_STORE_TYPE}), so that application.properties can activate the datasource from Kuma's setting:
 * {@code quarkus.datasource.active=${meshtrust.store.postgres-selected}}. Users never set a {@code quarkus.*} key;
 * one who sets {@code quarkus.datasource.active} explicitly (environment, system property) still wins, by ordinal.
 *
 * <p>Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}; pure (no state) because
 * SmallRye may call it at build time and at run time.
 */
// Below the expression interceptor (LIBRARY + 300), which resolves ${...} by proceeding down the chain from itself.
@Priority(Priorities.LIBRARY + 100)
public class StoreSelectionConfigInterceptor implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;

    /** The derived key. */
    public static final String POSTGRES_SELECTED = "meshtrust.store.postgres-selected";

    static final String STORE_TYPE = "kuma.store.type";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!POSTGRES_SELECTED.equals(name)) {
            return context.proceed(name);
        }
        var type = context.restart(STORE_TYPE);
        var raw = type == null || type.getValue() == null
                ? "memory"
                : type.getValue().strip();
        boolean postgres = switch (raw.toLowerCase(Locale.ROOT)) {
            case "memory", "" -> false;
            case "postgres" -> true;
            // Fail here, with Kuma's variable name, before the datasource is configured from a guess.
            default ->
                throw new IllegalArgumentException(
                        "Invalid KUMA_STORE_TYPE (kuma.store.type) '" + raw + "': expected memory or postgres");
        };
        return ConfigValue.builder()
                .withName(name)
                .withValue(Boolean.toString(postgres))
                .withConfigSourceName("derived from " + STORE_TYPE)
                .build();
    }
}
