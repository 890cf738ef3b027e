package io.meshtrust.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A stored resource: Kuma's meta (type, mesh, name, times, labels), the spec as JSON, and the version used for
 * optimistic concurrency.
 *
 * <p>{@code version} is 0 for a resource that was never stored; the store sets it. Times are kept to the
 * microsecond, the precision PostgreSQL keeps, so that both stores return the same values.
 */
public record Resource(
        ResourceKey key,
        Instant creationTime,
        Instant modificationTime,
        Map<String, String> labels,
        ObjectNode spec,
        long version) {

    public Resource {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(spec, "spec");
        labels = labels == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        creationTime = truncate(creationTime);
        modificationTime = truncate(modificationTime);
    }

    /** A new resource, not yet stored. */
    public static Resource draft(ResourceKey key, Map<String, String> labels, ObjectNode spec) {
        return new Resource(key, null, null, labels, spec, 0);
    }

    public ResourceType type() {
        return key.type();
    }

    public String mesh() {
        return key.mesh();
    }

    public String name() {
        return key.name();
    }

    public Resource withSpec(ObjectNode newSpec, Map<String, String> newLabels) {
        return new Resource(key, creationTime, modificationTime, newLabels, newSpec, version);
    }

    public Resource stored(Instant created, Instant modified, long newVersion) {
        return new Resource(key, created, modified, labels, spec, newVersion);
    }

    private static Instant truncate(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
