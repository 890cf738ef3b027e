package io.meshtrust.cli;

import java.util.Map;

/** kumactl's API-server auth plugins; only {@code tokens} (docs/kuma-tokens.md §4.3: {@code Authorization: Bearer}). */
final class Auth {

    static final String TOKENS = "tokens";

    private Auth() {}

    /** Checks an {@code --auth-type}/{@code --auth-conf} pair with kumactl's messages. */
    static void validate(String type, Map<String, String> conf) {
        if (type == null || type.isEmpty()) {
            if (conf != null && !conf.isEmpty()) {
                throw new CliException("--auth-conf requires --auth-type");
            }
            return;
        }
        if (!TOKENS.equals(type)) {
            throw new CliException("authentication plugin of type \"" + type + "\" not found");
        }
        if (conf == null || conf.getOrDefault("token", "").isEmpty()) {
            throw new CliException("provide token=YOUR_TOKEN");
        }
    }

    /** The {@code Authorization} header value, or null without auth. */
    static String header(String type, Map<String, String> conf) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        validate(type, conf);
        return "Bearer " + conf.get("token");
    }
}
