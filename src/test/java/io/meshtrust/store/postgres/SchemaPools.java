package io.meshtrust.store.postgres;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pools of their own on schemas of their own in the test database, as separate replicas would hold them
 * (MigrationRunnerTest, PostgresClusterIdStoreTest): each pool opened here is closed by {@link #close()}.
 */
final class SchemaPools implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final Vertx vertx;
    private final PostgresStoreBootstrap bootstrap;
    private final List<Pool> pools = new ArrayList<>();

    SchemaPools(Vertx vertx, PostgresStoreBootstrap bootstrap) {
        this.vertx = vertx;
        this.bootstrap = bootstrap;
    }

    /** Creates an empty schema named after {@code prefix}, unique in this JVM and across test JVMs; its name. */
    String createSchema(String prefix) {
        String schema = prefix + "_" + SCHEMAS.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
        open("public").query("create schema " + schema).execute().await().atMost(TIMEOUT);
        return schema;
    }

    /** A new pool of two connections whose {@code search_path} is {@code searchPath}. */
    Pool open(String searchPath) {
        var options = bootstrap.settings().connectOptions().addProperty("search_path", searchPath);
        var pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2))
                .connectingTo(options)
                .using(vertx)
                .build();
        pools.add(pool);
        return pool;
    }

    /** Closes every pool opened so far. */
    @Override
    public void close() {
        pools.forEach(p -> p.close().await().atMost(TIMEOUT));
        pools.clear();
    }
}
