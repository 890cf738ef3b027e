package io.meshtrust.store.postgres;

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
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The PostgreSQL store (Kuma's {@code postgres} store type), on Hibernate Reactive, with the semantics of
 * {@link io.meshtrust.store.memory.MemoryResourceStore}.
 *
 * <ul>
 *   <li>Create inserts and maps the primary key violation to {@link StoreException.AlreadyExists}: concurrent
 *       creates of one key are decided by the database, not by a racy pre-check.</li>
 *   <li>Update is {@code update ... where version = :expected}; when no row changed, a read tells
 *       {@link StoreException.NotFound} from {@link StoreException.Conflict}.</li>
 *   <li>Deleting a Mesh deletes the mesh-scoped resources of that mesh in the same transaction.</li>
 *   <li>Each committed write is announced by the table's trigger with {@code pg_notify} and received by every
 *       replica's {@link PgChangeListener}; {@link #changes()} is that listener's feed.</li>
 *   <li>Failures that mean the database cannot be reached surface as {@link StoreException.Unavailable}.</li>
 * </ul>
 *
 * <p>Sessions are opened through {@link PgSessions} (on a Vert.x context, one per operation).
 */
public final class PostgresResourceStore implements ResourceStore, ChangeFeed {

    private static final List<String> MESH_SCOPED_TYPES = Arrays.stream(ResourceType.values())
            .filter(ResourceType::meshScoped)
            .map(ResourceType::kumaName)
            .toList();

    private final PgSessions sessions;
    private final Pool pool;
    private final ChangeFeed changeFeed;
    private final InstantSource clock;

    /**
     * @param sessions   the Hibernate Reactive session factory of a schema migrated by {@link MigrationRunner}
     * @param changeFeed this replica's listener of the database's change notifications
     * @param clock      sets creation and modification times
     * @param vertx      hosts operations called from outside a Vert.x context
     * @param pool       the reactive client Hibernate Reactive uses, for single-statement hot reads
     */
    public PostgresResourceStore(
            Mutiny.SessionFactory sessions, ChangeFeed changeFeed, InstantSource clock, Vertx vertx, Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.sessions = new PgSessions(sessions, vertx);
        this.changeFeed = changeFeed;
        this.clock = clock;
    }

    @Override
    public Uni<Resource> create(Resource resource) {
        return inTransaction(session -> {
                    var now = clock.instant();
                    var stored = resource.stored(now, now, 1);
                    var entity = ResourceRows.toEntity(stored, stored.creationTime(), stored.modificationTime(), 1);
                    // Flush here so the key violation is raised by this statement, not at commit.
                    return session.persist(entity).call(session::flush).replaceWith(stored);
                })
                .onFailure(PgErrors::isUniqueViolation)
                .transform(e -> new StoreException.AlreadyExists(resource.key()));
    }

    @Override
    public Uni<Resource> createInMesh(Resource resource) {
        var mesh = ResourceKey.global(ResourceType.MESH, resource.key().mesh());
        return inTransaction(session -> session.createNativeQuery(
                                // Blocks while a deletion of the mesh is uncommitted, then sees its outcome; held, it
                                // makes that deletion wait, and the deletion's cascade then sees this row.
                                "select 1 from resources where type = 'Mesh' and mesh = '' and name = :mesh"
                                        + " for key share",
                                Integer.class)
                        .setParameter("mesh", mesh.name())
                        .getResultList()
                        .chain(found -> {
                            if (found.isEmpty()) {
                                throw new StoreException.NotFound(mesh);
                            }
                            var now = clock.instant();
                            var stored = resource.stored(now, now, 1);
                            var entity =
                                    ResourceRows.toEntity(stored, stored.creationTime(), stored.modificationTime(), 1);
                            return session.persist(entity).call(session::flush).replaceWith(stored);
                        }))
                .onFailure(PgErrors::isUniqueViolation)
                .transform(e -> new StoreException.AlreadyExists(resource.key()));
    }

    @Override
    public Uni<List<Resource>> createAll(List<Resource> resources) {
        if (resources.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return inTransaction(session -> {
                    var now = clock.instant();
                    List<Resource> stored =
                            resources.stream().map(r -> r.stored(now, now, 1)).toList();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Resource r : stored) {
                        var entity = ResourceRows.toEntity(r, r.creationTime(), r.modificationTime(), 1);
                        chain = chain.chain(() -> session.persist(entity));
                    }
                    // One flush inside the transaction: a taken key aborts the whole batch.
                    return chain.call(session::flush).replaceWith(stored);
                })
                .onFailure(PgErrors::isUniqueViolation)
                .transform(
                        e -> new StoreException.AlreadyExists(resources.get(0).key()));
    }

    @Override
    public Uni<Resource> update(Resource resource) {
        var key = resource.key();
        return inTransaction(session -> {
            var modified = resource.stored(null, clock.instant(), resource.version() + 1);
            return session.createMutationQuery("""
                            update ResourceEntity e
                            set e.labels = :labels, e.spec = :spec, e.version = e.version + 1,
                                e.modificationTime = :modified
                            where e.type = :type and e.mesh = :mesh and e.name = :name and e.version = :expected""")
                    .setParameter("labels", ResourceRows.labelsJson(resource.labels()))
                    .setParameter("spec", ResourceRows.specJson(resource.spec()))
                    .setParameter("modified", modified.modificationTime())
                    .setParameter("type", key.type().kumaName())
                    .setParameter("mesh", key.mesh())
                    .setParameter("name", key.name())
                    .setParameter("expected", resource.version())
                    .executeUpdate()
                    // After the update (or its absence) the row as committed tells what happened; in READ COMMITTED
                    // a concurrent winner's commit is visible here.
                    .chain(updated -> session.find(ResourceEntity.class, ResourceRows.id(key))
                            .map(current -> {
                                if (current == null) {
                                    throw new StoreException.NotFound(key);
                                }
                                if (updated == 0) {
                                    throw new StoreException.Conflict(key);
                                }
                                return resource.stored(
                                        current.creationTime, modified.modificationTime(), current.version);
                            }));
        });
    }

    @Override
    public Uni<Optional<Resource>> get(ResourceKey key) {
        // The hottest read (every single GET, every mint): one prepared statement on the reactive client, no session.
        return pool.preparedQuery(GET)
                .execute(Tuple.of(key.type().kumaName(), key.mesh(), key.name()))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<Resource>empty();
                    }
                    var row = it.next();
                    var e = new ResourceEntity();
                    e.type = key.type().kumaName();
                    e.mesh = key.mesh();
                    e.name = key.name();
                    e.version = row.getLong("version");
                    e.creationTime = row.getOffsetDateTime("creation_time").toInstant();
                    e.modificationTime =
                            row.getOffsetDateTime("modification_time").toInstant();
                    e.labels = row.getString("labels");
                    e.spec = row.getString("spec");
                    return Optional.of(ResourceRows.toResource(e));
                })
                .onFailure()
                .transform(PgErrors::translate);
    }

    private static final String GET =
            "select version, creation_time, modification_time, cast(labels as text) as labels,"
                    + " cast(spec as text) as spec from resources where type = $1 and mesh = $2 and name = $3";

    @Override
    public Uni<ResourcePage> list(ListQuery query) {
        var sql = ListSql.of(query);
        return inSession(session -> {
            var page = session.createNativeQuery(sql.pageSql(), ResourceEntity.class);
            sql.parameters().forEach(page::setParameter);
            page.setParameter("limit", query.size()).setParameter("offset", query.offset());
            return page.getResultList().chain(rows -> {
                var items = rows.stream().map(ResourceRows::toResource).toList();
                // A short page that starts inside the result is its end: the total needs no second query.
                if (items.size() < query.size() && (!items.isEmpty() || query.offset() == 0)) {
                    return Uni.createFrom().item(ResourcePage.of(items, query.offset() + items.size(), query.offset()));
                }
                var count = session.createNativeQuery(sql.countSql(), Long.class);
                sql.parameters().forEach(count::setParameter);
                return count.getSingleResult().map(total -> ResourcePage.of(items, total, query.offset()));
            });
        });
    }

    @Override
    public Uni<Void> delete(ResourceKey key) {
        return inTransaction(session -> session.createMutationQuery(
                        "delete from ResourceEntity e where e.type = :type and e.mesh = :mesh and e.name = :name")
                .setParameter("type", key.type().kumaName())
                .setParameter("mesh", key.mesh())
                .setParameter("name", key.name())
                .executeUpdate()
                .chain(deleted -> {
                    if (deleted == 0) {
                        throw new StoreException.NotFound(key);
                    }
                    if (key.type() != ResourceType.MESH) {
                        return Uni.createFrom().voidItem();
                    }
                    // Kuma's owner-reference cascade. The trigger announces each deleted row.
                    return session.createMutationQuery(
                                    "delete from ResourceEntity e where e.type in :types and e.mesh = :mesh")
                            .setParameter("types", MESH_SCOPED_TYPES)
                            .setParameter("mesh", key.name())
                            .executeUpdate()
                            .replaceWithVoid();
                }));
    }

    @Override
    public Uni<Long> count(ResourceType type) {
        return inSession(session -> session.createSelectionQuery(
                        "select count(*) from ResourceEntity e where e.type = :type", Long.class)
                .setParameter("type", type.kumaName())
                .getSingleResult());
    }

    /** {@inheritDoc} Changes of every replica, as announced by PostgreSQL. */
    @Override
    public Multi<ResourceChange> changes() {
        return changeFeed.changes();
    }

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.inTransaction(work);
    }

    private <T> Uni<T> inSession(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.inSession(work);
    }
}
