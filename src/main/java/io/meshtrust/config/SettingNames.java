package io.meshtrust.config;

import java.util.Locale;

/**
 * Translates between our property names and Kuma's environment variable names, so that every error message names the
 * setting the way a Kuma user sets it.
 */
public final class SettingNames {

    private SettingNames() {}

    /**
     * The environment variable of a {@code kuma.*} property, following SmallRye's mapping rule (non-alphanumerics
     * become {@code _}, upper case).
     *
     * @param property e.g. {@code kuma.api-server.https.tls-cert-file}
     * @return e.g. {@code KUMA_API_SERVER_HTTPS_TLS_CERT_FILE}
     */
    public static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
