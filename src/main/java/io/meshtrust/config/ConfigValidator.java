package io.meshtrust.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-setting rules of the {@code kuma.*} tree, checked at startup before any listener opens. Single values (port
 * numbers, booleans, enums) are checked earlier, as they are read, by {@link SettingValueCheck}.
 *
 * <p>A violation stops the start: Quarkus prints a {@link ConfigurationException}'s message without a stack trace and
 * exits with status 1. Each message begins with the Kuma environment variable it is about.
 */
@ApplicationScoped
public class ConfigValidator {

    /** Kuma's authentication plugins ({@code pkg/api-server/authn}). */
    static final Set<String> AUTHN_TYPES = Set.of("tokens", "adminClientCerts");

    private final KumaConfig config;
    private final StartupPhases phases;

    ConfigValidator(KumaConfig config, StartupPhases phases) {
        this.config = config;
        this.phases = phases;
    }

    // Runs before every other startup observer (the HTTPS listener among them), and StartupEvent itself comes before
    // Quarkus opens the HTTP and management ports.
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        phases.run("configuration checks", () -> validate(config));
    }

    /**
     * Fails when the settings break a rule.
     *
     * @param config the settings
     * @throws ConfigurationException listing every violation, one per line
     */
    public static void validate(KumaConfig config) {
        List<String> violations = violations(config);
        if (!violations.isEmpty()) {
            throw new ConfigurationException("Invalid configuration:\n  " + String.join("\n  ", violations));
        }
    }

    /**
     * Lists the violated rules.
     *
     * @param config the settings
     * @return one message per violation, each starting with the environment variable concerned; empty when valid
     */
    public static List<String> violations(KumaConfig config) {
        List<String> violations = new ArrayList<>();
        KumaConfig.ApiServer apiServer = config.apiServer();
        if (apiServer.http().bindInterface().isBlank()) {
            violations.add(SettingNames.env("kuma.api-server.http.interface") + ": Interface cannot be empty");
        }
        if (apiServer.https().bindInterface().isBlank()) {
            violations.add(SettingNames.env("kuma.api-server.https.interface") + ": Interface cannot be empty");
        }
        requirePair(
                violations,
                "kuma.api-server.https.tls-cert-file",
                apiServer.https().tlsCertFile(),
                "kuma.api-server.https.tls-key-file",
                apiServer.https().tlsKeyFile());
        requirePair(
                violations,
                "kuma.general.tls-cert-file",
                config.general().tlsCertFile(),
                "kuma.general.tls-key-file",
                config.general().tlsKeyFile());
        String authnType = apiServer.authn().type();
        if (!AUTHN_TYPES.contains(authnType)) {
            // Kuma's wording, typo included, so scripts matching on it keep working.
            violations.add(SettingNames.env("kuma.api-server.authn.type")
                    + ": there is not implementation of authn named " + authnType);
        }
        violations.addAll(ApiServerPaths.violations(config));
        return violations;
    }

    private static void requirePair(
            List<String> violations, String certKey, Optional<String> cert, String keyKey, Optional<String> key) {
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? keyKey : certKey;
            String present = cert.isPresent() ? certKey : keyKey;
            violations.add(SettingNames.env(missing) + ": must be set together with " + SettingNames.env(present)
                    + " (both TlsCertFile and TlsKeyFile have to be specified)");
        }
    }
}
