package io.meshtrust.store.postgres;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies versioned schema migrations with the reactive client, recording each in {@code schema_migrations}.
 *
 * <p>Replicas starting together on an empty database serialise on a PostgreSQL session advisory lock held on one
 * connection for the whole run, so each migration is applied exactly once: the first replica applies, the others
 * wait and then find nothing to do. Each migration runs in its own transaction together with its
 * {@code schema_migrations} row, so a failed migration leaves no trace and is retried by the next start. The lock
 * dies with the connection, so a replica that crashes mid-run does not block the others.
 *
 * <p>The tables are created in the connection's current schema ({@code search_path}).
 */
public final class MigrationRunner {

    /** The advisory lock key; any constant shared by every replica works. ASCII "meshtrus". */
    static final long LOCK_KEY = 0x6d65736874727573L;

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class);

    private static final String CREATE_TABLE = """
            create table schema_migrations (
                version     integer primary key,
                description text not null,
                checksum    text not null,
                applied_at  timestamptz not null default now()
            )""";

    private final Pool pool;
    private final List<Migration> migrations;

    /**
     * @param pool       connections to the database to migrate
     * @param migrations in strictly increasing version order
     */
    public MigrationRunner(Pool pool, List<Migration> migrations) {
        this.pool = pool;
        this.migrations = List.copyOf(migrations);
        for (int i = 1; i < this.migrations.size(); i++) {
            if (this.migrations.get(i - 1).version() >= this.migrations.get(i).version()) {
                throw new IllegalArgumentException("migrations must be in strictly increasing version order");
            }
        }
    }

    /**
     * Applies every migration the database has not recorded yet.
     *
     * <p>Waits for the advisory lock while another replica migrates. An already applied migration whose SQL changed
     * and recorded versions this binary does not know are logged, not fatal (a rollback to an older release must be
     * able to start).
     *
     * @return the versions applied by this call, ascending; empty when the schema was up to date
     */
    public Uni<List<Integer>> migrate() {
        return pool.withConnection(conn -> lock(conn)
                .chain(() -> createTableIfMissing(conn))
                .chain(() -> conn.query("select version, checksum from schema_migrations")
                        .execute())
                .map(rows -> {
                    Map<Integer, String> applied = new HashMap<>();
                    for (Row row : rows) {
                        applied.put(row.getInteger("version"), row.getString("checksum"));
                    }
                    return pending(applied);
                })
                .chain(pending -> Multi.createFrom()
                        .iterable(pending)
                        .onItem()
                        .transformToUniAndConcatenate(m -> apply(conn, m))
                        .collect()
                        .asList())
                .call(() -> unlock(conn))
                .onFailure()
                .call(() -> unlock(conn).onFailure().recoverWithNull()));
    }

    private Uni<Void> lock(SqlConnection conn) {
        return conn.preparedQuery("select pg_try_advisory_lock($1) as locked")
                .execute(Tuple.of(LOCK_KEY))
                .chain(rows -> {
                    if (rows.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.info("Waiting for another replica to finish the schema migrations");
                    return conn.preparedQuery("select pg_advisory_lock($1)")
                            .execute(Tuple.of(LOCK_KEY))
                            .replaceWithVoid();
                });
    }

    // Checked rather than "create table if not exists", whose notice the client logs as a warning on every start.
    // Under the lock, so no replica can create it in between.
    private static Uni<Void> createTableIfMissing(SqlConnection conn) {
        return conn.query("select to_regclass('schema_migrations') is null as missing")
                .execute()
                .chain(rows -> rows.iterator().next().getBoolean("missing")
                        ? conn.query(CREATE_TABLE).execute().replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> unlock(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_unlock($1)")
                .execute(Tuple.of(LOCK_KEY))
                .replaceWithVoid();
    }

    private List<Migration> pending(Map<Integer, String> applied) {
        int newest =
                migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        applied.keySet().stream()
                .filter(v -> v > newest)
                .sorted()
                .forEach(v -> LOG.warnf(
                        "The database has schema version %d, newer than this release knows (%d): was meshtrust rolled back?",
                        v, newest));
        for (var m : migrations) {
            var checksum = applied.get(m.version());
            if (checksum != null && !checksum.equals(m.checksum())) {
                LOG.warnf("Schema migration %s was changed after it had been applied; it is not applied again", m);
            }
        }
        return migrations.stream()
                .filter(m -> !applied.containsKey(m.version()))
                .toList();
    }

    private Uni<Integer> apply(SqlConnection conn, Migration m) {
        LOG.infof("Applying schema migration %s", m);
        return inTransaction(
                        conn,
                        c -> c.query(m.sql())
                                .execute()
                                .chain(() -> c.preparedQuery(
                                                "insert into schema_migrations (version, description, checksum) values ($1, $2, $3)")
                                        .execute(Tuple.of(m.version(), m.description(), m.checksum()))))
                .onFailure()
                .transform(e -> new MigrationFailedException(m, e))
                .replaceWith(m.version());
    }

    /** A migration's SQL failed; it was rolled back and not recorded. */
    public static final class MigrationFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MigrationFailedException(Migration migration, Throwable cause) {
            super("schema migration " + migration + " failed: " + PgErrors.rootMessage(cause), cause);
        }
    }

    private static <T> Uni<T> inTransaction(SqlConnection conn, Function<SqlConnection, Uni<T>> work) {
        return conn.begin()
                .chain(tx -> work.apply(conn)
                        .call(tx::commit)
                        .onFailure()
                        .call(() -> tx.rollback().onFailure().recoverWithNull()));
    }
}
