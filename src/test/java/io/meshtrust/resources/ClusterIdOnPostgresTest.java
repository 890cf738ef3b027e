package io.meshtrust.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.postgres.PostgresClusterIdStore;
import io.meshtrust.store.postgres.PostgresStoreBootstrap;
import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterIdTest} on PostgreSQL, where the id is a row of the database: what the index answers is that row, and
 * a store on a pool of its own (a restarted or second replica) reads the same id.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class ClusterIdOnPostgresTest extends ClusterIdTest {

    @Inject
    Vertx vertx;

    @Inject
    PostgresStoreBootstrap bootstrap;

    @Test
    void theIdIsTheDatabasesAndAnotherReplicaReadsIt() {
        String id = indexClusterId();
        var pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1))
                .connectingTo(bootstrap.settings().connectOptions())
                .using(vertx)
                .build();
        try {
            String row = pool.query("select value from control_plane_metadata where key = 'kuma-cluster-id'")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(30))
                    .iterator()
                    .next()
                    .getString("value");
            assertThat(row).isEqualTo(id);
            String candidate = UUID.randomUUID().toString();
            assertThat(new PostgresClusterIdStore(pool)
                            .clusterId(candidate)
                            .await()
                            .atMost(Duration.ofSeconds(30)))
                    .isEqualTo(id);
        } finally {
            pool.close().await().atMost(Duration.ofSeconds(30));
        }
    }
}
