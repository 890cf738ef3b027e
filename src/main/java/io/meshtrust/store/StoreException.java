package io.meshtrust.store;

/**
 * Failures a {@link ResourceStore} reports. Messages name the resource, never its content.
 */
public abstract sealed class StoreException extends RuntimeException
        permits StoreException.NotFound,
                StoreException.AlreadyExists,
                StoreException.Conflict,
                StoreException.Unavailable {

    private final ResourceKey key;

    protected StoreException(ResourceKey key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    public ResourceKey key() {
        return key;
    }

    /** The resource does not exist. */
    public static final class NotFound extends StoreException {
        public NotFound(ResourceKey key) {
            super(key, "resource not found: " + key, null);
        }
    }

    /** Create of a resource that exists already. */
    public static final class AlreadyExists extends StoreException {
        public AlreadyExists(ResourceKey key) {
            super(key, "resource already exists: " + key, null);
        }
    }

    /** Update with a stale version: somebody else changed the resource since it was read. */
    public static final class Conflict extends StoreException {
        public Conflict(ResourceKey key) {
            super(key, "resource was changed concurrently: " + key, null);
        }
    }

    /** The backing database cannot be reached. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(null, message, cause);
        }
    }
}
