package io.meshtrust.store.memory;

import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceChange;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourcePage;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The embedded store: a sorted concurrent map, for a laptop and for tests. State is lost on restart.
 *
 * <p>Writes to one key are serialised through {@link ConcurrentSkipListMap#compute}; a Mesh delete and its cascade
 * hold the store's monitor so that no resource can be created in a mesh while it is being removed.
 */
public final class MemoryResourceStore implements ResourceStore, ChangeFeed {

    private final ConcurrentNavigableMap<ResourceKey, Resource> resources = new ConcurrentSkipListMap<>();
    private final BroadcastProcessor<ResourceChange> changes = BroadcastProcessor.create();
    private final InstantSource clock;

    public MemoryResourceStore(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Resource> create(Resource resource) {
        return Uni.createFrom().item(() -> {
            var now = clock.instant();
            var stored = resource.stored(now, now, 1);
            synchronized (this) {
                if (resources.putIfAbsent(resource.key(), stored) != null) {
                    throw new StoreException.AlreadyExists(resource.key());
                }
            }
            emit(ResourceChange.of(ResourceChange.Kind.CREATED, resource.key()));
            return stored;
        });
    }

    @Override
    public Uni<Resource> createInMesh(Resource resource) {
        return Uni.createFrom().item(() -> {
            var now = clock.instant();
            var stored = resource.stored(now, now, 1);
            var mesh = ResourceKey.global(ResourceType.MESH, resource.key().mesh());
            // the same lock as delete(): a mesh deletion and its cascade happen entirely before or after this
            synchronized (this) {
                if (!resources.containsKey(mesh)) {
                    throw new StoreException.NotFound(mesh);
                }
                if (resources.putIfAbsent(resource.key(), stored) != null) {
                    throw new StoreException.AlreadyExists(resource.key());
                }
            }
            emit(ResourceChange.of(ResourceChange.Kind.CREATED, resource.key()));
            return stored;
        });
    }

    @Override
    public Uni<List<Resource>> createAll(List<Resource> batch) {
        return Uni.createFrom().item(() -> {
            var now = clock.instant();
            List<Resource> stored =
                    batch.stream().map(r -> r.stored(now, now, 1)).toList();
            synchronized (this) {
                for (Resource r : batch) {
                    if (resources.containsKey(r.key())) {
                        throw new StoreException.AlreadyExists(r.key());
                    }
                }
                stored.forEach(r -> resources.put(r.key(), r));
            }
            stored.forEach(r -> emit(ResourceChange.of(ResourceChange.Kind.CREATED, r.key())));
            return stored;
        });
    }

    @Override
    public Uni<Resource> update(Resource resource) {
        return Uni.createFrom().item(() -> {
            var updated = resources.compute(resource.key(), (key, current) -> {
                if (current == null) {
                    throw new StoreException.NotFound(key);
                }
                if (current.version() != resource.version()) {
                    throw new StoreException.Conflict(key);
                }
                return resource.stored(current.creationTime(), clock.instant(), current.version() + 1);
            });
            emit(ResourceChange.of(ResourceChange.Kind.UPDATED, resource.key()));
            return updated;
        });
    }

    @Override
    public Uni<Optional<Resource>> get(ResourceKey key) {
        return Uni.createFrom().item(() -> Optional.ofNullable(resources.get(key)));
    }

    @Override
    public Uni<ResourcePage> list(ListQuery query) {
        return Uni.createFrom().item(() -> {
            var from = new ResourceKey(query.type(), query.mesh().orElse(""), "");
            List<Resource> page = new ArrayList<>(Math.min(query.size(), 64));
            long total = 0;
            for (var r : resources.tailMap(from, true).values()) {
                if (r.type() != query.type()
                        || query.mesh().isPresent()
                                && !r.mesh().equals(query.mesh().get())) {
                    break;
                }
                if (query.matches(r)) {
                    if (total >= query.offset() && page.size() < query.size()) {
                        page.add(r);
                    }
                    total++;
                }
            }
            return ResourcePage.of(page, total, query.offset());
        });
    }

    @Override
    public Uni<Void> delete(ResourceKey key) {
        return Uni.createFrom().item(() -> {
            List<ResourceKey> removed = new ArrayList<>();
            synchronized (this) {
                if (resources.remove(key) == null) {
                    throw new StoreException.NotFound(key);
                }
                removed.add(key);
                if (key.type() == ResourceType.MESH) {
                    var owned = resources.keySet().stream()
                            .filter(k -> k.type().meshScoped() && k.mesh().equals(key.name()))
                            .toList();
                    owned.forEach(resources::remove);
                    removed.addAll(owned);
                }
            }
            removed.forEach(k -> emit(ResourceChange.of(ResourceChange.Kind.DELETED, k)));
            return null;
        });
    }

    /**
     * The resources of a type (of one mesh, or of every mesh), in Kuma's order, as a live view for the in-memory
     * queries.
     */
    public Iterable<Resource> scan(ResourceType type, Optional<String> mesh) {
        var from = new ResourceKey(type, mesh.orElse(""), "");
        var range = resources.tailMap(from, true).values();
        return () -> range.stream()
                .takeWhile(r ->
                        r.type() == type && mesh.map(m -> m.equals(r.mesh())).orElse(true))
                .iterator();
    }

    /** Whether the resource exists now (callers that must agree with deletes synchronise on this store). */
    public boolean exists(ResourceKey key) {
        return resources.containsKey(key);
    }

    @Override
    public Uni<Long> count(ResourceType type) {
        return Uni.createFrom()
                .item(() -> resources.keySet().stream()
                        .filter(k -> k.type() == type)
                        .count());
    }

    @Override
    public Multi<ResourceChange> changes() {
        return changes;
    }

    // Reactive Streams requires serial onNext calls; writers run on many threads.
    private void emit(ResourceChange change) {
        synchronized (changes) {
            changes.onNext(change);
        }
    }
}
