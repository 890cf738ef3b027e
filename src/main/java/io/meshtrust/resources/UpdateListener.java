package io.meshtrust.resources;

import io.meshtrust.store.Resource;
import io.smallrye.mutiny.Uni;

/**
 * Work that follows a stored update (for example: certificates become due when a Mesh's mTLS or a Dataplane's tags
 * change). Runs after the write; a failure is logged and does not undo or fail the update.
 */
public interface UpdateListener {

    Uni<Void> updated(Resource before, Resource after);
}
