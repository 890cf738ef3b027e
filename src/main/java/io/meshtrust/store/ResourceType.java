package io.meshtrust.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * The resource types meshtrust stores, with Kuma's names and scopes.
 *
 * <p>{@code kumaName} is the {@code type} field of the JSON; {@code shortName} builds the {@code kri} for types
 * that have one (Kuma: Mesh {@code m}, Dataplane {@code dp}).
 */
public enum ResourceType {
    MESH("Mesh", Scope.GLOBAL, "meshes", "m", false),
    SECRET("Secret", Scope.MESH, "secrets", null, true),
    GLOBAL_SECRET("GlobalSecret", Scope.GLOBAL, "global-secrets", null, true),
    DATAPLANE("Dataplane", Scope.MESH, "dataplanes", "dp", false);

    /** Whether a resource lives inside a mesh or beside meshes. */
    public enum Scope {
        GLOBAL,
        MESH
    }

    private final String kumaName;
    private final Scope scope;
    private final String collection;
    private final String shortName;
    private final boolean adminOnly;

    ResourceType(String kumaName, Scope scope, String collection, String shortName, boolean adminOnly) {
        this.kumaName = kumaName;
        this.scope = scope;
        this.collection = collection;
        this.shortName = shortName;
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

    public Optional<String> shortName() {
        return Optional.ofNullable(shortName);
    }

    /** Admin-only types (Kuma's {@code AdminOnly}) are gated by {@code access.static.adminResources}. */
    public boolean adminOnly() {
        return adminOnly;
    }

    public static Optional<ResourceType> byKumaName(String name) {
        return Arrays.stream(values()).filter(t -> t.kumaName.equals(name)).findFirst();
    }
}
