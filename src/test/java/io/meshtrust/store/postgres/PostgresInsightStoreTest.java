package io.meshtrust.store.postgres;

import io.meshtrust.store.InsightStore;
import io.meshtrust.store.InsightStoreContract;
import io.meshtrust.store.ResourceStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

/** The insight contract on PostgreSQL, with store instances of its own so that the test clock drives them. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresInsightStoreTest extends InsightStoreContract {

    private static PostgresResourceStore resources;
    private static PostgresInsightStore insights;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Override
    protected void clear() {
        if (resources == null) {
            // No change feed needed here: nothing in this contract listens.
            resources = new PostgresResourceStore(sessions, Multi.createFrom()::empty, CLOCK, vertx, pool);
            insights = new PostgresInsightStore(sessions, CLOCK, vertx, pool);
        }
        await(pool.query("truncate resources cascade").execute());
    }

    @Override
    protected ResourceStore resources() {
        return resources;
    }

    @Override
    protected InsightStore insights() {
        return insights;
    }
}
