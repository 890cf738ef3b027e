package io.meshtrust.ca;

import io.meshtrust.api.Violation;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.DeleteGuard;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Kuma's secret deletion guard ({@code pkg/core/secrets/manager/validator.go}: {@code ValidateDelete},
 * {@code secretUsedByMTLSBackend} asks each backend's {@code UsedSecrets}): a Secret used by any mTLS backend of its
 * mesh (enabled or not) cannot be deleted. Skipped when the mesh is gone or with {@code KUMA_STORE_UNSAFE_DELETE}.
 */
@Singleton
public class SecretInUseGuard implements DeleteGuard {

    private final ResourceStore store;
    private final CaBackendRegistry backends;
    private final boolean unsafeDelete;

    public SecretInUseGuard(ResourceStore store, CaBackendRegistry backends, KumaConfig config) {
        this.store = store;
        this.backends = backends;
        this.unsafeDelete = config.store().unsafeDelete();
    }

    @Override
    public Uni<List<Violation>> check(ResourceKey key) {
        if (key.type() != ResourceType.SECRET || unsafeDelete) {
            return Uni.createFrom().item(List.of());
        }
        return store.get(ResourceKey.global(ResourceType.MESH, key.mesh())).map(mesh -> {
            if (mesh.isEmpty()) {
                return List.<Violation>of();
            }
            Mesh.Mtls mtls = SpecMapper.bind(mesh.get().spec(), Mesh.class).mtls();
            if (mtls == null) {
                return List.<Violation>of();
            }
            for (Mesh.Backend b : mtls.backends()) {
                List<String> used = backends.of(b.type())
                        .map(plugin -> plugin.usedSecrets(key.mesh(), b))
                        .orElse(List.of());
                if (used.contains(key.name())) {
                    return List.of(new Violation(
                            "name",
                            "The secret \"" + key.name() + "\" that you are trying to "
                                    + "remove is currently in use in Mesh \"" + key.mesh() + "\" in mTLS backend \""
                                    + b.name()
                                    + "\". Please remove the reference from the \"" + b.name()
                                    + "\" backend before removing the secret."));
                }
            }
            return List.<Violation>of();
        });
    }
}
