package io.meshtrust.signingkeys;

import io.meshtrust.api.Violation;
import io.meshtrust.crypto.PemException;
import io.meshtrust.secrets.SecretRole;
import io.meshtrust.secrets.SecretRoleSource;
import io.meshtrust.store.ResourceKey;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The secret roles of token signing keys (docs/kuma-tokens.md §6.1): a name under a family's prefix must be
 * {@code <prefix>[-<serial>]} and hold what {@link SigningKeyData#read} (the reader of issuing and verification)
 * accepts, so a key refused here is exactly one that could not sign or verify.
 */
@Singleton
public class SigningKeySecretRoles implements SecretRoleSource {

    @Override
    public List<SecretRole> secretRoles() {
        return List.of(
                role(SigningKeyFamily.USER, "user token signing key", "user-token-signing-key[-<serial>]"),
                role(SigningKeyFamily.ZONE, "zone token signing key", "zone-token-signing-key[-<serial>]"),
                role(
                        SigningKeyFamily.DATAPLANE,
                        "dataplane token signing key",
                        "dataplane-token-signing-key-<mesh>[-<serial>] in mesh <mesh>"));
    }

    private static SecretRole role(SigningKeyFamily family, String role, String pattern) {
        return new SecretRole(
                role,
                family.type(),
                pattern,
                (mesh, name) -> name.startsWith(family.prefix(mesh)),
                (key, data) -> violations(family, key, data));
    }

    private static List<Violation> violations(SigningKeyFamily family, ResourceKey key, byte[] data) {
        var v = new ArrayList<Violation>();
        family.nameProblem(key.mesh(), key.name())
                .ifPresent(problem -> v.add(new Violation("name", key.name() + ": " + problem)));
        try {
            SigningKeyData.read(data);
        } catch (PemException e) {
            v.add(new Violation("data", SigningKeyData.requirement(key.name()) + "; got: " + e.getMessage()));
        }
        return v;
    }
}
