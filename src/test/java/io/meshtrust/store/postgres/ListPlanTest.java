package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Every shape of list query can be answered from an index (the planner, with sequential scans priced out, still finds
 * a plan without one), and unfiltered pages come out of the primary key in Kuma's order without a sort.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class ListPlanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void typeAndMeshPagesComeFromThePrimaryKeyInOrder() {
        for (var query : new ListQuery[] {
            ListQuery.all(ResourceType.SECRET).page(100, 50),
            ListQuery.inMesh(ResourceType.SECRET, "default").page(0, 10)
        }) {
            // Sorting priced out too: a Sort node left in the plan would mean the index cannot give Kuma's order.
            var plan = plan(ListSql.of(query), query, "set enable_bitmapscan = off; set enable_sort = off");
            assertThat(plan).doesNotContain("Seq Scan").doesNotContain("Sort").contains("resources_pkey");
        }
    }

    @Test
    void filteredPagesAndCountsNeedNoSequentialScan() {
        for (var query : new ListQuery[] {
            new ListQuery(ResourceType.SECRET, Optional.empty(), "web", Map.of(), 0, 100),
            new ListQuery(ResourceType.SECRET, Optional.empty(), "", Map.of("env", "prod"), 0, 100),
            new ListQuery(ResourceType.SECRET, Optional.of("default"), "web", Map.of("env", "prod", "t", "x"), 5, 100)
        }) {
            var sql = ListSql.of(query);
            assertThat(plan(sql, query, "")).doesNotContain("Seq Scan");
            assertThat(explain(inline(sql.countSql(), sql.parameters()), "")).doesNotContain("Seq Scan");
        }
    }

    @Test
    void nameFilterHasTrigramIndexWhenPgTrgmIsAvailable() {
        var available = rows("select count(*) from pg_available_extensions where name = 'pg_trgm'")
                .contains("1");
        var indexes = rows("select indexname from pg_indexes where tablename = 'resources'");
        assertThat(indexes).contains("resources_pkey", "resources_labels_idx");
        if (available) {
            assertThat(indexes).contains("resources_name_trgm_idx");
        }
    }

    private String plan(ListSql sql, ListQuery query, String settings) {
        var params = new HashMap<String, Object>(sql.parameters());
        params.put("limit", query.size());
        params.put("offset", query.offset());
        return explain(inline(sql.pageSql(), params), settings);
    }

    private String explain(String sql, String settings) {
        return pool.withConnection(conn -> conn.query("set enable_seqscan = off; " + settings)
                        .execute()
                        .chain(() -> conn.query("explain " + sql).execute())
                        .call(() -> conn.query("reset all").execute()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> row.getString(0))
                        .collect(Collectors.joining("\n")))
                .await()
                .atMost(TIMEOUT);
    }

    private String rows(String sql) {
        return pool.query(sql)
                .execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map((Row row) -> String.valueOf(row.getValue(0)))
                        .collect(Collectors.joining(",")))
                .await()
                .atMost(TIMEOUT);
    }

    /** EXPLAIN of literal SQL: the named parameters replaced by quoted values. */
    private static String inline(String sql, Map<String, Object> params) {
        var result = sql;
        var names = params.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (var name : names) {
            var value = params.get(name);
            var literal = value instanceof Number
                    ? value.toString()
                    : "'" + value.toString().replace("'", "''") + "'";
            result = result.replace(":" + name, literal);
        }
        return result;
    }
}
