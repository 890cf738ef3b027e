package io.meshtrust.store;

import io.smallrye.mutiny.Multi;

/**
 * Announces every committed write, on every replica (memory: in-process; PostgreSQL: LISTEN/NOTIFY), so that
 * caches can be invalidated within a second. Delivery is at-most-once per connection; a lost connection is reported
 * as {@link ResourceChange#resync()} once it is back.
 */
public interface ChangeFeed {

    /** A hot stream of changes; subscribers see changes committed after they subscribe. */
    Multi<ResourceChange> changes();
}
