package io.meshtrust.resources;

import io.smallrye.mutiny.Uni;

/**
 * Work a feature must do when a Mesh is created (Kuma's mesh manager {@code Create}: the dataplane-token signing
 * key, later the builtin CAs). If a hook fails, the new Mesh is removed again so that nothing is half-created.
 */
public interface MeshCreatedHook {

    Uni<Void> meshCreated(String mesh);
}
