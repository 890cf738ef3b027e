package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshtrust.store.InsightStore;
import io.meshtrust.store.InsightStoreContract;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.StoreException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

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

    /**
     * Issuances subscribed at once go in batches ({@link IssuanceBatcher}: the first alone, the rest queued behind
     * it), and every caller still gets its own insight after its own write, in arrival order; a missing Dataplane in
     * a batch fails only its own caller (the batch is replayed one statement per caller).
     */
    @Test
    void concurrentIssuancesAreBatchedAndEachCallerGetsItsOwnResult() {
        IssuanceBatcher batcher = insights.issuanceBatcher();
        for (String missing : new String[] {null, "nobody"}) {
            long batches = batcher.batches();
            long statements = batcher.batchedStatements();
            List<ResourceKey> keys = new ArrayList<>();
            List<CompletableFuture<Long>> calls = new ArrayList<>();
            Instant base = START.plusSeconds(missing == null ? 0 : 1000);
            for (int i = 0; i < 30; i++) {
                var key = missing != null && i % 10 == 7
                        ? key("m1", missing)
                        : key("m1", List.of("a", "b", "c").get(i % 3));
                keys.add(key);
                calls.add(insights.recordIssuance(key, issuance(base.plusSeconds(i), "s" + i, "ca-1"))
                        .subscribeAsCompletionStage());
            }
            Map<ResourceKey, Long> counts = new HashMap<>();
            if (missing != null) {
                // the first round's 10 issuances per dataplane
                List.of("a", "b", "c").forEach(n -> counts.put(key("m1", n), 10L));
            }
            for (int i = 0; i < calls.size(); i++) {
                var key = keys.get(i);
                if (key.name().equals(missing)) {
                    assertThat(catchThrowable(calls.get(i)::join))
                            .as("issuance %d", i)
                            .hasCauseInstanceOf(StoreException.NotFound.class);
                    continue;
                }
                // each caller gets its own statement's row (the store checks its mesh and name) and its count
                long expected = counts.merge(key, 1L, Long::sum);
                assertThat(calls.get(i).join()).as("issuance %d", i).isEqualTo(expected);
            }
            assertThat(batcher.batchedStatements() - statements).isEqualTo(30);
            assertThat(batcher.batches() - batches)
                    .as("batches for 30 issuances")
                    .isLessThan(30);
        }
        // 10 in the first round, 9 in the second (its issuance 27 went to "nobody")
        assertThat(await(insights.get(key("m1", "a"))).orElseThrow().mtls().certificateRegenerations())
                .isEqualTo(19);
        assertThat(await(insights.get(key("m1", "nobody")))).isEmpty();
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
