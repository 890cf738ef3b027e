package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceChange;
import io.meshtrust.store.ResourceChange.Kind;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.Resources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one database: the application's store (A) and a second store instance (B) with its own LISTEN
 * connection. What one writes, the other's {@code changes()} announces.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresChangeFeedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String REPLICA_B = "meshtrust-test-replica-b";

    @Inject
    ResourceStore storeA;

    @Inject
    ChangeFeed feedA;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    PostgresStoreBootstrap bootstrap;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private PgChangeListener listenerB;
    private PostgresResourceStore storeB;

    @BeforeEach
    void startReplicaB() {
        var options = bootstrap.settings().connectOptions().addProperty("application_name", REPLICA_B);
        listenerB = new PgChangeListener(vertx, options);
        listenerB.start(TIMEOUT).await().atMost(TIMEOUT);
        storeB = new PostgresResourceStore(sessions, listenerB, InstantSource.system(), vertx, pool);
    }

    @AfterEach
    void stopReplicaB() {
        listenerB.close().await().atMost(TIMEOUT);
    }

    @Test
    void writeOnOneReplicaIsAnnouncedOnTheOther() {
        var seenByB = subscribe(storeB.changes(), "feed-a-to-b");
        var seenByA = subscribe(feedA.changes(), "feed-a-to-b");

        var created = await(storeA.create(Resources.globalSecret("feed-a-to-b")));
        seenByB.awaitItems(1, TIMEOUT);
        await(storeB.update(created.withSpec(Resources.spec("data", "v2"), Map.of())));
        seenByA.awaitItems(2, TIMEOUT);
        await(storeB.delete(created.key()));
        seenByB.awaitItems(3, TIMEOUT);

        assertThat(seenByB.getItems())
                .extracting(ResourceChange::kind)
                .containsExactly(Kind.CREATED, Kind.UPDATED, Kind.DELETED);
        assertThat(seenByB.getItems()).allSatisfy(c -> {
            assertThat(c.type()).isEqualTo(ResourceType.GLOBAL_SECRET);
            assertThat(c.mesh()).isEmpty();
        });
        seenByA.awaitItems(3, TIMEOUT);
        assertThat(seenByA.getItems()).isEqualTo(seenByB.getItems());
    }

    @Test
    void reconnectAfterLostConnectionAnnouncesResyncAndKeepsListening() {
        var seenByB = subscribe(storeB.changes(), "feed-after-reconnect");

        // What a database restart or network cut does to replica B's LISTEN connection, and only to it.
        var terminated = await(pool.preparedQuery(
                        "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where application_name = $1")
                .execute(Tuple.of(REPLICA_B))
                .map(rows -> rows.iterator().next().getLong("n")));
        assertThat(terminated).isEqualTo(1);
        seenByB.awaitItems(1, TIMEOUT);
        assertThat(seenByB.getItems().get(0)).isEqualTo(ResourceChange.resync());

        await(storeA.create(Resources.globalSecret("feed-after-reconnect")));
        seenByB.awaitItems(2, TIMEOUT);
        assertThat(seenByB.getItems().get(1).kind()).isEqualTo(Kind.CREATED);
        await(storeA.delete(ResourceKey.global(ResourceType.GLOBAL_SECRET, "feed-after-reconnect")));
    }

    private static AssertSubscriber<ResourceChange> subscribe(Multi<ResourceChange> changes, String name) {
        return changes.filter(c -> c.kind() == Kind.RESYNC || name.equals(c.name()))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
