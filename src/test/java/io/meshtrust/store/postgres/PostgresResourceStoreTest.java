package io.meshtrust.store.postgres;

import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceStoreContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;

/**
 * The store contract on PostgreSQL: the application's Hibernate Reactive session factory on a schema made by the
 * real migrations at startup, with a store instance of its own so that the test clock drives it.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresResourceStoreTest extends ResourceStoreContract {

    private static PgChangeListener listener;
    private static PostgresResourceStore store;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    PostgresStoreBootstrap bootstrap;

    @Override
    protected void clear() {
        if (store == null) {
            listener = new PgChangeListener(vertx, bootstrap.settings().connectOptions());
            await(listener.start(TIMEOUT));
            store = new PostgresResourceStore(sessions, listener, CLOCK, vertx, pool);
        }
        // TRUNCATE fires no row trigger: clearing announces nothing.
        await(pool.query("truncate resources cascade").execute());
    }

    @AfterAll
    static void stopListening() {
        if (listener != null) {
            await(listener.close());
            listener = null;
            store = null;
        }
    }

    @Override
    protected ResourceStore store() {
        return store;
    }

    @Override
    protected ChangeFeed feed() {
        return store;
    }
}
