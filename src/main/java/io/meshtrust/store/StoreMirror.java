package io.meshtrust.store;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * An in-memory copy of the resources of one type whose names match a predicate, parsed once, kept current from the
 * {@link ChangeFeed} (so every replica follows a write within the feed's delay) and fully reloaded after a
 * {@link ResourceChange.Kind#RESYNC}. Used for what is read on every request: signing keys, revocation lists.
 *
 * <p>Store calls run on a fresh duplicated Vert.x context, as Hibernate Reactive requires.
 *
 * @param <T> the parsed form; a resource whose parse fails is left out (and logged without its content)
 */
public final class StoreMirror<T> {

    private static final Logger LOG = Logger.getLogger(StoreMirror.class);

    private final String name;
    private final ResourceStore store;
    private final Vertx vertx;
    private final ResourceType type;
    private final Predicate<String> names;
    private final Function<Resource, T> parse;
    private final Map<ResourceKey, T> items = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean loaded;
    private Cancellable subscription;

    public StoreMirror(
            String name,
            ResourceStore store,
            ChangeFeed feed,
            Vertx vertx,
            ResourceType type,
            Predicate<String> names,
            Function<Resource, T> parse) {
        this.name = name;
        this.store = store;
        this.vertx = vertx;
        this.type = type;
        this.names = names;
        this.parse = parse;
        this.subscription =
                feed.changes().subscribe().with(this::onChange, e -> LOG.errorf(e, "%s: change feed failed", name));
    }

    /** Loads everything; call once at startup (blocks the caller, which must not be an event loop). */
    public void loadNow(Duration timeout) {
        OnVertx.await(vertx, timeout, "loading " + name, this::reloadAll);
    }

    public Optional<T> get(ResourceKey key) {
        return Optional.ofNullable(items.get(key));
    }

    public Map<ResourceKey, T> all() {
        return Map.copyOf(items);
    }

    /** Grows on every change applied; callers caching derived results compare it to know they are stale. */
    public long generation() {
        return generation.get();
    }

    public boolean loaded() {
        return loaded;
    }

    public void close() {
        subscription.cancel();
    }

    private void onChange(ResourceChange change) {
        if (change.kind() == ResourceChange.Kind.RESYNC) {
            onContext(this::reloadAll);
            return;
        }
        if (change.type() != type || !names.test(change.name())) {
            return;
        }
        var key = new ResourceKey(type, change.mesh(), change.name());
        if (change.kind() == ResourceChange.Kind.DELETED) {
            items.remove(key);
            generation.incrementAndGet();
            return;
        }
        onContext(() -> store.get(key)
                .invoke(found -> {
                    found.ifPresentOrElse(r -> put(r), () -> items.remove(key));
                    generation.incrementAndGet();
                })
                .replaceWithVoid());
    }

    private Uni<Void> reloadAll() {
        return Multi.createBy()
                .repeating()
                .uni(
                        () -> new int[] {0},
                        offset -> store.list(ListQuery.all(type).page(offset[0], ListQuery.MAX_PAGE_SIZE))
                                .invoke(page -> offset[0] += page.items().size()))
                .whilst(page -> page.nextOffset().isPresent())
                .onItem()
                .transformToIterable(ResourcePage::items)
                .filter(r -> names.test(r.name()))
                .collect()
                .asMap(Resource::key, r -> r)
                .invoke(all -> {
                    items.keySet().retainAll(all.keySet());
                    all.values().forEach(this::put);
                    generation.incrementAndGet();
                    loaded = true;
                })
                .replaceWithVoid();
    }

    private void put(Resource r) {
        try {
            T parsed = parse.apply(r);
            if (parsed != null) {
                items.put(r.key(), parsed);
                return;
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: %s cannot be used: %s", name, r.key(), e.getMessage());
        }
        items.remove(r.key());
    }

    private void onContext(Supplier<Uni<Void>> work) {
        OnVertx.run(vertx, work).subscribe().with(done -> {}, e -> {
            // A missed refresh would leave a stale key or revocation list: reload everything shortly.
            LOG.warnf("%s: refresh failed, reloading in 1 s: %s", name, e.getMessage());
            vertx.setTimer(1000, t -> onContext(this::reloadAll));
        });
    }
}
