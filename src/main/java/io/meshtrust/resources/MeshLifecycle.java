package io.meshtrust.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * What features add to Kuma's mesh manager: checks on create and update (Kuma's {@code ValidateCreate} /
 * {@code ValidateUpdate}, reported under the titles {@code Failed to create a resource} / {@code Failed to update a
 * resource}), and work when a mesh is created or updated (the dataplane-token signing key, the builtin CAs). If work
 * after a create fails, the new Mesh is removed again so that nothing is half-created.
 */
public interface MeshLifecycle {

    default Uni<List<Violation>> validateCreate(String mesh, ObjectNode spec) {
        return Uni.createFrom().item(List.of());
    }

    /** @param options who updates, and whether they override the guards that allow it ({@link WriteOptions}) */
    default Uni<List<Violation>> validateUpdate(
            String mesh, ObjectNode before, ObjectNode after, WriteOptions options) {
        return Uni.createFrom().item(List.of());
    }

    /** After the Mesh is stored. */
    default Uni<Void> created(String mesh, ObjectNode spec) {
        return Uni.createFrom().voidItem();
    }

    /** Before an update is stored (Kuma ensures CAs first, so a failure leaves the old spec in place). */
    default Uni<Void> updating(String mesh, ObjectNode spec) {
        return Uni.createFrom().voidItem();
    }
}
