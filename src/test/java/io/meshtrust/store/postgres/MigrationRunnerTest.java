package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration runner on an empty schema of the test database, through pools of its own, as replicas would.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class MigrationRunnerTest {

    private static final Duration TIMEOUT = SchemaPools.TIMEOUT;

    /** A counter each migration bumps, so that a second application would show. */
    private static final List<Migration> COUNTING = List.of(
            new Migration(1, "counter", "create table applied (version int not null)"),
            new Migration(2, "second", "insert into applied values (2)"),
            new Migration(3, "third", "insert into applied values (3); create index applied_idx on applied (version)"));

    @Inject
    Vertx vertx;

    @Inject
    PostgresStoreBootstrap bootstrap;

    private SchemaPools pools;
    private String schema;

    @BeforeEach
    void emptySchema() {
        pools = new SchemaPools(vertx, bootstrap);
        schema = pools.createSchema("migration_test");
    }

    @AfterEach
    void closePools() {
        pools.close();
    }

    @Test
    void appliesShippedMigrationsOnceToAnEmptySchema() {
        var pool = pools.open(schema);

        var first = await(new MigrationRunner(pool, Migrations.shipped()).migrate());
        var second = await(new MigrationRunner(pool, Migrations.shipped()).migrate());

        assertThat(first)
                .containsExactlyElementsOf(
                        Migrations.shipped().stream().map(Migration::version).toList());
        assertThat(second).isEmpty();
        assertThat(recordedVersions(pool)).containsExactlyElementsOf(first);
        assertThat(await(pool.query("select count(*) as n from resources").execute())
                        .iterator()
                        .next()
                        .getLong("n"))
                .isZero();
        assertThat(await(pool.query("select tgname from pg_trigger where tgrelid = 'resources'::regclass"
                                        + " and not tgisinternal")
                                .execute())
                        .iterator()
                        .next()
                        .getString("tgname"))
                .isEqualTo("resources_notify");
    }

    @Test
    void runningTwiceAppliesEachMigrationOnce() {
        var pool = pools.open(schema);

        assertThat(await(new MigrationRunner(pool, COUNTING.subList(0, 2)).migrate()))
                .containsExactly(1, 2);
        assertThat(await(new MigrationRunner(pool, COUNTING).migrate())).containsExactly(3);
        assertThat(await(new MigrationRunner(pool, COUNTING).migrate())).isEmpty();

        assertThat(appliedCounter(pool)).containsExactly(2, 3);
        assertThat(recordedVersions(pool)).containsExactly(1, 2, 3);
    }

    @Test
    void concurrentRunnersOnSeparatePoolsApplyEachMigrationOnce() {
        var runs = IntStream.range(0, 4)
                .mapToObj(i -> new MigrationRunner(pools.open(schema), COUNTING).migrate())
                .toList();

        List<List<Integer>> applied = await(Uni.join().all(runs).andFailFast());

        var all = applied.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).containsExactly(1, 2, 3);
        var pool = pools.open(schema);
        assertThat(appliedCounter(pool)).containsExactly(2, 3);
        assertThat(recordedVersions(pool)).containsExactly(1, 2, 3);
    }

    @Test
    void failedMigrationIsRolledBackAndRetriedByTheNextRun() {
        var pool = pools.open(schema);
        var broken =
                List.of(COUNTING.get(0), new Migration(2, "broken", "insert into applied values (2); select nope"));

        var failure = catchThrowable(() -> await(new MigrationRunner(pool, broken).migrate()));

        assertThat(failure)
                .isInstanceOf(MigrationRunner.MigrationFailedException.class)
                .hasMessageContaining("V2__broken");
        assertThat(recordedVersions(pool)).containsExactly(1);
        assertThat(appliedCounter(pool)).isEmpty();
        assertThat(await(new MigrationRunner(pool, COUNTING.subList(0, 2)).migrate()))
                .containsExactly(2);
        assertThat(appliedCounter(pool)).containsExactly(2);
    }

    private static List<Integer> recordedVersions(Pool pool) {
        return ints(pool, "select version from schema_migrations order by version");
    }

    private static List<Integer> appliedCounter(Pool pool) {
        return ints(pool, "select version from applied order by version");
    }

    private static List<Integer> ints(Pool pool, String sql) {
        var result = new ArrayList<Integer>();
        for (Row row : await(pool.query(sql).execute())) {
            result.add(row.getInteger(0));
        }
        return result;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
