package io.meshtrust.ca.builtin;

import io.meshtrust.secrets.SecretRole;
import io.meshtrust.secrets.SecretRoleSource;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The secret roles of a builtin CA's pair (docs/kuma-ca-insights.md §2.3): {@code <mesh>.ca-builtin-cert-<backend>}
 * and {@code <mesh>.ca-builtin-key-<backend>}, checked as {@link BuiltinCaManager}'s loader reads them
 * ({@link BuiltinCaPairData}). Whether the two belong together is the loader's check, not a write's.
 */
@Singleton
public class BuiltinCaSecretRoles implements SecretRoleSource {

    @Override
    public List<SecretRole> secretRoles() {
        return List.of(
                new SecretRole(
                        "builtin CA certificate",
                        ResourceType.SECRET,
                        "<mesh>.ca-builtin-cert-<backend> in mesh <mesh>",
                        (mesh, name) ->
                                BuiltinCaPairData.certBackend(mesh, name).isPresent(),
                        (key, data) -> SecretRole.dataProblem(
                                BuiltinCaPairData.certRequirement(key.name()),
                                BuiltinCaPairData.certificateProblem(data))),
                new SecretRole(
                        "builtin CA key",
                        ResourceType.SECRET,
                        "<mesh>.ca-builtin-key-<backend> in mesh <mesh>",
                        (mesh, name) -> BuiltinCaPairData.keyBackend(mesh, name).isPresent(),
                        (key, data) -> SecretRole.dataProblem(
                                BuiltinCaPairData.keyRequirement(key.name()), BuiltinCaPairData.keyProblem(data))));
    }
}
