package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reactive client keeps our statements prepared on each connection ({@link PostgresSettings#cacheStatements}):
 * with the client's default limit of 2,048 characters, the issuance upsert was parsed and planned again on every
 * certificate. Checked on a real PostgreSQL through {@code pg_prepared_statements}, the session's named statements.
 */
class StatementCacheTest {

    private static Vertx vertx;
    private static PostgresTestServer.Database database;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        database = PostgresTestServer.newDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A statement longer than the client's default limit, with a parameter, as the upsert is. */
    private static final String LONG =
            "select $1::int + 1 as n" + " /* padding to the length of the issuance upsert: " + "x".repeat(2400) + " */";

    @Test
    void aStatementLongerThanTheClientDefaultStaysPreparedOnItsConnection() throws Exception {
        assertThat(LONG.length()).isGreaterThan(SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT);
        assertThat(preparedAfterTwoRuns(PostgresSettings.cacheStatements(database.connectOptions())))
                .as("named statements of the session after running the long one twice")
                .anyMatch(statement -> statement.contains("padding to the length"));
    }

    @Test
    void withTheClientDefaultTheSameStatementIsNotKept() throws Exception {
        // what the pool did before: caching on, the default limit
        assertThat(preparedAfterTwoRuns(database.connectOptions().setCachePreparedStatements(true)))
                .noneMatch(statement -> statement.contains("padding to the length"));
    }

    /** Every statement constant of the PostgreSQL store fits the limit, so none is re-planned per execution. */
    @Test
    void everyStatementOfTheStoreFitsTheLimit() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> type : List.of(
                PostgresInsightStore.class,
                PostgresResourceStore.class,
                PostgresInsightQueries.class,
                PostgresRotationQueries.class,
                OverviewSql.class,
                ListSql.class)) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                String sql = field.get(null) instanceof String s
                        ? s
                        : field.get(null) instanceof PositionalSql p ? p.sql() : null;
                if (sql == null || !sql.stripLeading().matches("(?is)(select|insert|update|delete|with)\\b.*")) {
                    continue;
                }
                checked.add(type.getSimpleName() + "." + field.getName());
                assertThat(sql.length())
                        .as("%s.%s", type.getSimpleName(), field.getName())
                        .isLessThanOrEqualTo(PostgresSettings.STATEMENT_CACHE_SQL_LIMIT);
            }
        }
        assertThat(checked).contains("PostgresInsightStore.ISSUANCE_STATEMENT", "PostgresResourceStore.GET");
    }

    private List<String> preparedAfterTwoRuns(PgConnectOptions options) throws Exception {
        PgConnection connection = PgConnection.connect(vertx, options)
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        try {
            for (int i = 0; i < 2; i++) {
                Row row = connection
                        .preparedQuery(LONG)
                        .execute(Tuple.of(i))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS)
                        .iterator()
                        .next();
                assertThat(row.getInteger("n")).isEqualTo(i + 1);
            }
            List<String> statements = new ArrayList<>();
            connection
                    .query("select statement from pg_prepared_statements")
                    .execute()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)
                    .forEach(r -> statements.add(r.getString("statement")));
            return statements;
        } finally {
            connection.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
