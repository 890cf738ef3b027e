package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster id on an empty, freshly migrated schema, through pools of their own as replicas have: replicas asking at
 * once, each with its own candidate, all get the one id stored, and a replica started later reads it back.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresClusterIdStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final int REPLICAS = 4;
    private static final int ROUNDS = 5;

    @Inject
    Vertx vertx;

    @Inject
    PostgresStoreBootstrap bootstrap;

    private final List<Pool> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(p -> p.close().await().atMost(TIMEOUT));
        pools.clear();
    }

    @Test
    void replicasStartingTogetherAgreeAndARestartedOneReadsTheSameId() {
        for (int round = 1; round <= ROUNDS; round++) {
            String schema = "cluster_id_test_" + SCHEMAS.incrementAndGet() + "_"
                    + ProcessHandle.current().pid();
            newPool("public").query("create schema " + schema).execute().await().atMost(TIMEOUT);
            new MigrationRunner(newPool(schema), Migrations.shipped())
                    .migrate()
                    .await()
                    .atMost(TIMEOUT);

            List<String> candidates = new ArrayList<>();
            List<Uni<String>> asks = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                String candidate = UUID.randomUUID().toString();
                candidates.add(candidate);
                asks.add(new PostgresClusterIdStore(newPool(schema)).clusterId(candidate));
            }
            List<String> answers = Uni.join().all(asks).andFailFast().await().atMost(TIMEOUT);

            assertThat(new HashSet<>(answers)).as("round " + round).hasSize(1);
            String id = answers.get(0);
            assertThat(candidates).as("round " + round).contains(id);
            String later = new PostgresClusterIdStore(newPool(schema))
                    .clusterId(UUID.randomUUID().toString())
                    .await()
                    .atMost(TIMEOUT);
            assertThat(later).as("round " + round).isEqualTo(id);
            closePools();
        }
    }

    private Pool newPool(String searchPath) {
        var options = bootstrap.settings().connectOptions().addProperty("search_path", searchPath);
        var pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2))
                .connectingTo(options)
                .using(vertx)
                .build();
        pools.add(pool);
        return pool;
    }
}
