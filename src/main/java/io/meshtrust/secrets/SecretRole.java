package io.meshtrust.secrets;

import io.meshtrust.api.Violation;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One row of the secret-role table ({@link SecretRoles}): the Secrets a domain owns by name and what their data must
 * hold. A domain contributes its rows through {@link SecretRoleSource}; this package knows none of them.
 *
 * @param role    what the name makes the secret, for messages and the README (e.g. {@code user token signing key})
 * @param type    {@link ResourceType#SECRET} or {@link ResourceType#GLOBAL_SECRET}
 * @param pattern the name pattern as the README's "Secrets with a role" table states it
 * @param matches the test on (mesh, name); the mesh is empty for a GlobalSecret
 * @param check   the check the data must pass to be written
 */
public record SecretRole(
        String role, ResourceType type, String pattern, BiPredicate<String, String> matches, DataCheck check) {

    public SecretRole {
        if (type != ResourceType.SECRET && type != ResourceType.GLOBAL_SECRET) {
            throw new IllegalArgumentException("a secret role is for a Secret or a GlobalSecret, not " + type);
        }
    }

    /** The data check of a role. May parse private keys: it runs on the crypto worker. */
    @FunctionalInterface
    public interface DataCheck {

        /** Violations (fields {@code name}, {@code data}) of writing {@code data} to {@code key}; empty when fine. */
        List<Violation> violations(ResourceKey key, byte[] data);
    }

    /** Whether this row gives the secret at {@code key} its role. */
    public boolean appliesTo(ResourceKey key) {
        return type == key.type() && matches.test(key.mesh(), key.name());
    }

    /**
     * The usual shape of a data check's answer: nothing when there is no problem, else one {@code data} violation
     * saying what the secret must hold and what it holds ({@code <requirement>; got: <problem>}).
     */
    public static List<Violation> dataProblem(String requirement, Optional<String> problem) {
        return problem.map(p -> List.of(new Violation("data", requirement + "; got: " + p)))
                .orElse(List.of());
    }
}
