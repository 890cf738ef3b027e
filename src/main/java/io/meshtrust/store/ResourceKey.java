package io.meshtrust.store;

import java.util.Objects;

/**
 * Identity of a resource: type, mesh ({@code ""} for global types) and name.
 */
public record ResourceKey(ResourceType type, String mesh, String name) implements Comparable<ResourceKey> {

    public ResourceKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        mesh = type.meshScoped() ? Objects.requireNonNull(mesh, "mesh") : "";
    }

    public static ResourceKey global(ResourceType type, String name) {
        return new ResourceKey(type, "", name);
    }

    public static ResourceKey inMesh(ResourceType type, String mesh, String name) {
        return new ResourceKey(type, mesh, name);
    }

    /** Kuma's list order: mesh, then name, byte order. */
    @Override
    public int compareTo(ResourceKey o) {
        int c = type.compareTo(o.type);
        if (c != 0) {
            return c;
        }
        c = mesh.compareTo(o.mesh);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return type.kumaName() + " " + (mesh.isEmpty() ? name : mesh + "/" + name);
    }
}
