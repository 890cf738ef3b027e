package io.meshtrust.store;

/**
 * A write seen by the store. {@link Kind#RESYNC} means changes may have been missed (the notification connection
 * was lost and re-established): listeners drop every cache.
 */
public record ResourceChange(Kind kind, ResourceType type, String mesh, String name) {

    public enum Kind {
        CREATED,
        UPDATED,
        DELETED,
        RESYNC
    }

    public static ResourceChange resync() {
        return new ResourceChange(Kind.RESYNC, null, "", "");
    }

    public static ResourceChange of(Kind kind, ResourceKey key) {
        return new ResourceChange(kind, key.type(), key.mesh(), key.name());
    }

    /** Whether a listener caching {@code t} must act. */
    public boolean affects(ResourceType t) {
        return kind == Kind.RESYNC || type == t;
    }
}
