package io.meshtrust.secrets;

import java.util.List;

/**
 * A domain's secret roles: which Secret and GlobalSecret names it owns and what their data must hold, so that a write
 * is refused exactly when the domain's reader could not use the data. Implementations are CDI beans in the owning
 * domain (signing keys, token revocations and the admin token, builtin CA pairs), discovered by {@link SecretRoles} as
 * {@code resources/}' hooks are ({@code ResourceManager} takes {@code Instance<WriteGuard>}); this package knows no
 * domain. Kuma has no such table: it stores any Secret (docs/kuma-ca-insights.md §7.8).
 *
 * <p>Rows of different sources must not overlap (no name may match rows of two sources): {@link SecretRoles} takes
 * the first match in an order that is fixed but not meaningful.
 */
public interface SecretRoleSource {

    /** This domain's rows; the first matching row of the list wins within it. */
    List<SecretRole> secretRoles();
}
