package io.meshtrust.signingkeys;

import io.meshtrust.resources.MeshCreatedHook;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Every new mesh gets {@code dataplane-token-signing-key-<mesh>-1}, as Kuma's mesh manager does. */
@Singleton
public class DataplaneSigningKeyOnMeshCreation implements MeshCreatedHook {

    private final SigningKeyManager keys;

    public DataplaneSigningKeyOnMeshCreation(SigningKeyManager keys) {
        this.keys = keys;
    }

    @Override
    public Uni<Void> meshCreated(String mesh) {
        return keys.ensureDefault(SigningKeyFamily.DATAPLANE, mesh).replaceWithVoid();
    }
}
