package io.meshtrust.secrets;

import io.meshtrust.api.Violation;
import io.meshtrust.store.ResourceKey;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one table of roles that a Secret or GlobalSecret gets from its name (docs/kuma-tokens.md §6.1, §8, §10;
 * docs/kuma-ca-insights.md §2.3), each with the check its data must pass, put together from every domain's
 * {@link SecretRoleSource}. {@link SecretRoleGuard} applies it to every write through the resource API ({@code PUT},
 * hence {@code meshtrust apply} too); the readers of each role apply the same checks, so what is refused on write is
 * exactly what they could not use. First matching row wins; a secret that no row matches has no role and is stored
 * as given, as Kuma stores every secret.
 */
@Singleton
public class SecretRoles {

    private final List<SecretRole> table;

    public SecretRoles(Instance<SecretRoleSource> sources) {
        // Sources are disjoint (SecretRoleSource); sorting only makes the order the same at every start.
        this.table = sources.stream()
                .sorted(Comparator.comparing(source -> source.getClass().getName()))
                .flatMap(source -> source.secretRoles().stream())
                .toList();
    }

    /** Every row, in the order they are tried. */
    public List<SecretRole> table() {
        return table;
    }

    /** The row that gives the secret at {@code key} its role, if any. */
    public Optional<SecretRole> ruleFor(ResourceKey key) {
        return table.stream().filter(role -> role.appliesTo(key)).findFirst();
    }

    /**
     * Violations of writing {@code data} to the secret at {@code key}: empty when it has no role or the data fits.
     * May parse private keys: call it on the crypto worker.
     */
    public List<Violation> violations(ResourceKey key, byte[] data) {
        return ruleFor(key).map(role -> role.check().violations(key, data)).orElse(List.of());
    }
}
