package io.meshtrust.signingkeys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.MeshLifecycle;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Every new mesh gets {@code dataplane-token-signing-key-<mesh>-1}, as Kuma's mesh manager does. */
@Singleton
public class DataplaneSigningKeyOnMeshCreation implements MeshLifecycle {

    private final SigningKeyManager keys;

    public DataplaneSigningKeyOnMeshCreation(SigningKeyManager keys) {
        this.keys = keys;
    }

    @Override
    public Uni<Void> created(String mesh, ObjectNode spec) {
        return keys.ensureDefault(SigningKeyFamily.DATAPLANE, mesh).replaceWithVoid();
    }
}
