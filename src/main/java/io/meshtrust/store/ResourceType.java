package io.meshtrust.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * The resource types meshtrust stores, with Kuma's names and scopes. {@code kumaName} is the {@code type} field of
 * the JSON; everything else Kuma says of a type (short name, display names, paths) is in the catalogue of
 * {@code resources/KumaTypes}.
 */
public enum ResourceType {
    MESH("Mesh", Scope.GLOBAL, "meshes", false),
    SECRET("Secret", Scope.MESH, "secrets", true),
    GLOBAL_SECRET("GlobalSecret", Scope.GLOBAL, "global-secrets", true),
    DATAPLANE("Dataplane", Scope.MESH, "dataplanes", false);

    /** Whether a resource lives inside a mesh or beside meshes. */
    public enum Scope {
        GLOBAL,
        MESH
    }

    private final String kumaName;
    private final Scope scope;
    private final String collection;
    private final boolean adminOnly;

    ResourceType(String kumaName, Scope scope, String collection, boolean adminOnly) {
        this.kumaName = kumaName;
        this.scope = scope;
        this.collection = collection;
        this.adminOnly = adminOnly;
    }

    public String kumaName() {
        return kumaName;
    }

    public Scope scope() {
        return scope;
    }

    public boolean meshScoped() {
        return scope == Scope.MESH;
    }

    /** The path segment of the collection, e.g. {@code meshes} or {@code secrets}. */
    public String collection() {
        return collection;
    }

    /** Admin-only types (Kuma's {@code AdminOnly}) are gated by {@code access.static.adminResources}. */
    public boolean adminOnly() {
        return adminOnly;
    }

    public static Optional<ResourceType> byKumaName(String name) {
        return Arrays.stream(values()).filter(t -> t.kumaName.equals(name)).findFirst();
    }
}
