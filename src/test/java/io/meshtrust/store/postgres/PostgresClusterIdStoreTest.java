package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster id on an empty, freshly migrated schema, through pools of their own as replicas have: replicas asking at
 * once, each with its own candidate, all get the one id stored, and a replica started later reads it back.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresClusterIdStoreTest {

    private static final Duration TIMEOUT = SchemaPools.TIMEOUT;
    private static final int REPLICAS = 4;
    private static final int ROUNDS = 5;

    @Inject
    Vertx vertx;

    @Inject
    PostgresStoreBootstrap bootstrap;

    private SchemaPools pools;

    @BeforeEach
    void pools() {
        pools = new SchemaPools(vertx, bootstrap);
    }

    @AfterEach
    void closePools() {
        pools.close();
    }

    @Test
    void replicasStartingTogetherAgreeAndARestartedOneReadsTheSameId() {
        for (int round = 1; round <= ROUNDS; round++) {
            String schema = pools.createSchema("cluster_id_test");
            new MigrationRunner(pools.open(schema), Migrations.shipped())
                    .migrate()
                    .await()
                    .atMost(TIMEOUT);

            List<String> candidates = new ArrayList<>();
            List<Uni<String>> asks = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                String candidate = UUID.randomUUID().toString();
                candidates.add(candidate);
                asks.add(new PostgresClusterIdStore(pools.open(schema)).clusterId(candidate));
            }
            List<String> answers = Uni.join().all(asks).andFailFast().await().atMost(TIMEOUT);

            assertThat(new HashSet<>(answers)).as("round " + round).hasSize(1);
            String id = answers.get(0);
            assertThat(candidates).as("round " + round).contains(id);
            String later = new PostgresClusterIdStore(pools.open(schema))
                    .clusterId(UUID.randomUUID().toString())
                    .await()
                    .atMost(TIMEOUT);
            assertThat(later).as("round " + round).isEqualTo(id);
            pools.close();
        }
    }
}
