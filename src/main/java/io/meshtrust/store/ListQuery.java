package io.meshtrust.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A page request over one resource type.
 *
 * @param type         the type listed
 * @param mesh         restrict to one mesh; empty lists every mesh (or the global type)
 * @param nameContains case-sensitive substring of the name (Kuma's {@code name} filter); empty matches all
 * @param labels       exact label equality, all must match (Kuma's {@code filter[labels.k]=v})
 * @param offset       index into the filtered, sorted list
 * @param size         page size, 1..1000
 */
public record ListQuery(
        ResourceType type,
        Optional<String> mesh,
        String nameContains,
        Map<String, String> labels,
        int offset,
        int size) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    public ListQuery {
        Objects.requireNonNull(type, "type");
        mesh = mesh == null ? Optional.empty() : mesh;
        nameContains = nameContains == null ? "" : nameContains;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be non-negative");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be within 1.." + MAX_PAGE_SIZE);
        }
    }

    public static ListQuery all(ResourceType type) {
        return new ListQuery(type, Optional.empty(), "", Map.of(), 0, MAX_PAGE_SIZE);
    }

    public static ListQuery inMesh(ResourceType type, String mesh) {
        return new ListQuery(type, Optional.of(mesh), "", Map.of(), 0, MAX_PAGE_SIZE);
    }

    public ListQuery page(int newOffset, int newSize) {
        return new ListQuery(type, mesh, nameContains, labels, newOffset, newSize);
    }

    /** Whether a resource passes the filters (not the paging). */
    public boolean matches(Resource r) {
        return r.type() == type
                && mesh.map(m -> m.equals(r.mesh())).orElse(true)
                && r.name().contains(nameContains)
                && labels.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(r.labels().get(e.getKey())));
    }
}
