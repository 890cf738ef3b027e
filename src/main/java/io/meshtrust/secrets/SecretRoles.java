package io.meshtrust.secrets;

import io.meshtrust.api.Violation;
import io.meshtrust.ca.builtin.BuiltinCaPairData;
import io.meshtrust.crypto.PemException;
import io.meshtrust.signingkeys.SigningKeyData;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.meshtrust.tokens.Revocations;
import io.meshtrust.tokens.TokenBootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The one table of roles that a Secret or GlobalSecret gets from its name (docs/kuma-tokens.md §6.1, §8, §10;
 * docs/kuma-ca-insights.md §2.3), each with the check its data must pass. {@link SecretRoleGuard} applies it to every write
 * through the resource API ({@code PUT}, hence {@code meshtrust apply} too); the readers of each role apply the same
 * checks, so what is refused on write is exactly what they could not use. First matching row wins; a secret that no
 * row matches has no role and is stored as given, as Kuma stores every secret.
 */
public final class SecretRoles {

    private SecretRoles() {}

    /** What a name makes a secret, and the check its data must pass. */
    public enum Role {
        USER_SIGNING_KEY((key, data) -> signingKey(SigningKeyFamily.USER, key, data)),
        ZONE_SIGNING_KEY((key, data) -> signingKey(SigningKeyFamily.ZONE, key, data)),
        DATAPLANE_SIGNING_KEY((key, data) -> signingKey(SigningKeyFamily.DATAPLANE, key, data)),
        REVOCATION_LIST((key, data) -> dataProblem(Revocations.requirement(key.name()), Revocations.problem(data))),
        ADMIN_USER_TOKEN((key, data) -> dataProblem(TokenBootstrap.adminTokenRequirement(key.name()),
                TokenBootstrap.adminTokenProblem(data))),
        BUILTIN_CA_CERT((key, data) -> dataProblem(BuiltinCaPairData.certRequirement(key.name()),
                BuiltinCaPairData.certificateProblem(data))),
        BUILTIN_CA_KEY((key, data) -> dataProblem(BuiltinCaPairData.keyRequirement(key.name()),
                BuiltinCaPairData.keyProblem(data)));

        private final Check check;

        Role(Check check) {
            this.check = check;
        }

        /** Violations (fields {@code name}, {@code data}) of writing {@code data} to {@code key}; empty when fine. */
        public List<Violation> check(ResourceKey key, byte[] data) {
            return check.apply(key, data);
        }
    }

    @FunctionalInterface
    private interface Check {
        List<Violation> apply(ResourceKey key, byte[] data);
    }

    /**
     * One row: the type, the name pattern as the README states it, the test on (mesh, name), the role.
     */
    public record Rule(ResourceType type, String pattern, BiPredicate<String, String> matches, Role role) {}

    private static final ResourceType GLOBAL = ResourceType.GLOBAL_SECRET;
    private static final ResourceType MESHED = ResourceType.SECRET;

    public static final List<Rule> TABLE = List.of(
            new Rule(GLOBAL, "user-token-signing-key[-<serial>]",
                    (mesh, name) -> name.startsWith(SigningKeyFamily.USER.prefix(mesh)), Role.USER_SIGNING_KEY),
            new Rule(GLOBAL, "zone-token-signing-key[-<serial>]",
                    (mesh, name) -> name.startsWith(SigningKeyFamily.ZONE.prefix(mesh)), Role.ZONE_SIGNING_KEY),
            new Rule(MESHED, "dataplane-token-signing-key-<mesh>[-<serial>] in mesh <mesh>",
                    (mesh, name) -> name.startsWith(SigningKeyFamily.DATAPLANE.prefix(mesh)),
                    Role.DATAPLANE_SIGNING_KEY),
            new Rule(GLOBAL, Revocations.USER, (mesh, name) -> name.equals(Revocations.USER), Role.REVOCATION_LIST),
            new Rule(GLOBAL, Revocations.ZONE, (mesh, name) -> name.equals(Revocations.ZONE), Role.REVOCATION_LIST),
            new Rule(MESHED, Revocations.DATAPLANE_PREFIX + "<mesh> in mesh <mesh>",
                    (mesh, name) -> name.equals(Revocations.DATAPLANE_PREFIX + mesh), Role.REVOCATION_LIST),
            // Kuma at HEAD reads DP revocations from a GlobalSecret of this name (docs/kuma-tokens.md §8, #12913).
            new Rule(GLOBAL, Revocations.DATAPLANE_PREFIX + "<mesh>",
                    (mesh, name) -> name.startsWith(Revocations.DATAPLANE_PREFIX), Role.REVOCATION_LIST),
            new Rule(GLOBAL, TokenBootstrap.ADMIN_TOKEN, (mesh, name) -> name.equals(TokenBootstrap.ADMIN_TOKEN),
                    Role.ADMIN_USER_TOKEN),
            new Rule(MESHED, "<mesh>.ca-builtin-cert-<backend> in mesh <mesh>",
                    (mesh, name) -> BuiltinCaPairData.certBackend(mesh, name).isPresent(), Role.BUILTIN_CA_CERT),
            new Rule(MESHED, "<mesh>.ca-builtin-key-<backend> in mesh <mesh>",
                    (mesh, name) -> BuiltinCaPairData.keyBackend(mesh, name).isPresent(), Role.BUILTIN_CA_KEY));

    /** The rule that gives the secret at {@code key} its role, if any. */
    public static Optional<Rule> ruleFor(ResourceKey key) {
        return TABLE.stream()
                .filter(rule -> rule.type() == key.type() && rule.matches().test(key.mesh(), key.name()))
                .findFirst();
    }

    /**
     * Violations of writing {@code data} to the secret at {@code key}: empty when it has no role or the data fits.
     * May parse private keys: call it on the crypto worker.
     */
    public static List<Violation> violations(ResourceKey key, byte[] data) {
        return ruleFor(key).map(rule -> rule.role().check(key, data)).orElse(List.of());
    }

    private static List<Violation> signingKey(SigningKeyFamily family, ResourceKey key, byte[] data) {
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

    private static List<Violation> dataProblem(String requirement, Optional<String> problem) {
        return problem.map(p -> List.of(new Violation("data", requirement + "; got: " + p))).orElse(List.of());
    }
}
