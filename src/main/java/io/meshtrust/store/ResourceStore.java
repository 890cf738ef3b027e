package io.meshtrust.store;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * The reactive resource store (Kuma's {@code ResourceStore}): one port, two implementations chosen by
 * {@code KUMA_STORE_TYPE} ({@code memory}, {@code postgres}).
 *
 * <p>Every write is atomic and, once it completes, is announced on the {@link ChangeFeed} of every replica.
 * Implementations never block the calling event loop.
 */
public interface ResourceStore {

    /**
     * Stores a new resource; sets creation and modification time to now and the version to 1.
     *
     * @return the stored resource
     * @throws StoreException.AlreadyExists (as a failed Uni) when the key is taken
     */
    Uni<Resource> create(Resource resource);

    /**
     * {@link #create} for a mesh-scoped resource that must not outlive its mesh: the creation takes effect only if the
     * mesh exists when it does. A deletion of the mesh that races with it either removes the new resource in its
     * cascade or makes this fail; the resource is never left behind in a deleted mesh.
     *
     * @throws StoreException.NotFound (as a failed Uni) naming the mesh when it does not exist
     * @throws StoreException.AlreadyExists (as a failed Uni) when the key is taken
     */
    Uni<Resource> createInMesh(Resource resource);

    /**
     * Stores several new resources atomically: all of them or none (e.g. a CA certificate and its key, which must
     * never exist one without the other).
     *
     * @throws StoreException.AlreadyExists (as a failed Uni) when any key is taken; then nothing is written
     */
    Uni<List<Resource>> createAll(List<Resource> resources);

    /**
     * Replaces the spec and labels of an existing resource if its stored version still equals
     * {@code resource.version()}; keeps the creation time, sets the modification time to now, increments the version.
     *
     * @throws StoreException.NotFound when the resource does not exist
     * @throws StoreException.Conflict when the stored version differs
     */
    Uni<Resource> update(Resource resource);

    /** The resource, or empty. */
    Uni<Optional<Resource>> get(ResourceKey key);

    /** A page of the resources matching the query, sorted by mesh then name. */
    Uni<ResourcePage> list(ListQuery query);

    /**
     * Deletes a resource. Deleting a Mesh also deletes every resource in that mesh, in the same transaction
     * (Kuma's owner-reference cascade).
     *
     * @throws StoreException.NotFound when the resource does not exist
     */
    Uni<Void> delete(ResourceKey key);

    /** Counts resources of a type across all meshes. */
    Uni<Long> count(ResourceType type);
}
