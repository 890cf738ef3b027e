package io.meshtrust.tokens;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.crypto.PemException;
import io.meshtrust.crypto.RsaKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static public keys from configuration (docs/kuma-tokens.md §7.3): Kuma's {@code publicKeys} list ({@code kid} + inline PEM
 * or file) and the {@code kid → PEM} map that Kubernetes Secrets can feed. Built once at startup; a bad entry stops
 * the start with a message naming the setting (Kuma panics there).
 */
public final class StaticKeys {

    private StaticKeys() {}

    /**
     * @param setting the configuration path of the list, used in messages
     * @throws IllegalStateException naming the faulty entry
     */
    public static Map<String, PublicKey> load(
            String setting, List<KumaConfig.StaticPublicKey> list, Map<String, String> byKid) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            var entry = list.get(i);
            String where = setting + ".public-keys[" + i + "]";
            if (entry.kid() == null || entry.kid().isBlank()) {
                throw new IllegalStateException(where + ".kid is required");
            }
            if (entry.key().isPresent() == entry.keyFile().isPresent()) {
                throw new IllegalStateException(where + ": exactly one of key and key-file has to be defined");
            }
            String pem = entry.key()
                    .orElseGet(() -> read(where + ".key-file", entry.keyFile().get()));
            keys.put(entry.kid(), parse(where, pem)); // duplicates: last wins, as in Kuma
        }
        byKid.forEach((kid, pem) -> keys.put(kid, parse(setting + ".static-public-keys." + kid, pem)));
        return Map.copyOf(keys);
    }

    private static PublicKey parse(String where, String pem) {
        try {
            return RsaKeys.parsePublicKey(pem);
        } catch (PemException e) {
            throw new IllegalStateException(where + " is not a valid public key: " + e.getMessage());
        }
    }

    private static String read(String where, String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException(
                    where + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
