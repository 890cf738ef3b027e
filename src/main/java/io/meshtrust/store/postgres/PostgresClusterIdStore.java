package io.meshtrust.store.postgres;

import io.meshtrust.store.ClusterIdStore;
import io.meshtrust.store.StoreException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Iterator;
import java.util.Objects;

/**
 * The cluster id in PostgreSQL: the {@value #KEY} row of {@code control_plane_metadata} (migration V5), as Kuma keeps
 * its {@code kuma-cluster-id} Config resource. Two statements, each in its own transaction: {@code insert ... on
 * conflict do nothing} (a replica racing another waits on the key until the other commits, then inserts nothing),
 * then a read, whose fresh snapshot sees whichever row was committed first. So replicas starting together on an empty
 * database agree, and a restarted one reads the id it had.
 */
public final class PostgresClusterIdStore implements ClusterIdStore {

    /** Kuma's key ({@code pkg/core/config/manager/manager.go}, {@code ClusterIdConfigKey}). */
    static final String KEY = "kuma-cluster-id";

    private static final String INSERT =
            "insert into control_plane_metadata (key, value) values ($1, $2) on conflict (key) do nothing";
    private static final String SELECT = "select value from control_plane_metadata where key = $1";

    private final Pool pool;

    public PostgresClusterIdStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public Uni<String> clusterId(String candidate) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(KEY, candidate))
                .chain(ignored -> pool.preparedQuery(SELECT).execute(Tuple.of(KEY)))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        // Only a row deleted by hand between the two statements gets here.
                        throw new StoreException.Unavailable("the cluster id row disappeared; try again", null);
                    }
                    return it.next().getString("value");
                })
                .onFailure(e -> !(e instanceof StoreException))
                .transform(PgErrors::translate);
    }
}
