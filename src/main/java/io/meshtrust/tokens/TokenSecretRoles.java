package io.meshtrust.tokens;

import io.meshtrust.secrets.SecretRole;
import io.meshtrust.secrets.SecretRoleSource;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The secret roles of the token families: the revocation lists ({@link Revocations}, docs/kuma-tokens.md §8) and the
 * admin user token that {@link TokenBootstrap} writes (docs/kuma-tokens.md §10), each checked as its reader reads it.
 * The signing keys' roles are {@code signingkeys/}'.
 */
@Singleton
public class TokenSecretRoles implements SecretRoleSource {

    private static final ResourceType GLOBAL = ResourceType.GLOBAL_SECRET;
    private static final ResourceType MESHED = ResourceType.SECRET;
    private static final String REVOCATIONS = "token revocation list";
    private static final SecretRole.DataCheck REVOCATION_LIST =
            (key, data) -> SecretRole.dataProblem(Revocations.requirement(key.name()), Revocations.problem(data));

    @Override
    public List<SecretRole> secretRoles() {
        return List.of(
                new SecretRole(
                        REVOCATIONS,
                        GLOBAL,
                        Revocations.USER,
                        (mesh, name) -> name.equals(Revocations.USER),
                        REVOCATION_LIST),
                new SecretRole(
                        REVOCATIONS,
                        GLOBAL,
                        Revocations.ZONE,
                        (mesh, name) -> name.equals(Revocations.ZONE),
                        REVOCATION_LIST),
                new SecretRole(
                        REVOCATIONS,
                        MESHED,
                        Revocations.DATAPLANE_PREFIX + "<mesh> in mesh <mesh>",
                        (mesh, name) -> name.equals(Revocations.DATAPLANE_PREFIX + mesh),
                        REVOCATION_LIST),
                // Kuma at HEAD reads DP revocations from a GlobalSecret of this name (docs/kuma-tokens.md §8, #12913).
                new SecretRole(
                        REVOCATIONS,
                        GLOBAL,
                        Revocations.DATAPLANE_PREFIX + "<mesh>",
                        (mesh, name) -> name.startsWith(Revocations.DATAPLANE_PREFIX),
                        REVOCATION_LIST),
                new SecretRole(
                        "admin user token",
                        GLOBAL,
                        TokenBootstrap.ADMIN_TOKEN,
                        (mesh, name) -> name.equals(TokenBootstrap.ADMIN_TOKEN),
                        (key, data) -> SecretRole.dataProblem(
                                TokenBootstrap.adminTokenRequirement(key.name()),
                                TokenBootstrap.adminTokenProblem(data))));
    }
}
