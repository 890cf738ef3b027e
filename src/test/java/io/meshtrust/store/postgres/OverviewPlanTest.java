package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Every overview statement can be answered from indexes (sequential scans priced out, as in {@link ListPlanTest}),
 * and the indexes V3 adds are the ones the statements' expressions match. Plans at 100,000 rows are described in
 * {@code V3__dataplane_filters.sql}.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class OverviewPlanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Inject
    Pool pool;

    static OverviewQuery query(
            Optional<String> mesh,
            String name,
            Map<String, String> labels,
            Map<String, String> tags,
            OverviewQuery.Gateway gateway) {
        return OverviewQuery.of(
                new ListQuery(ResourceType.DATAPLANE, mesh, name, labels, 0, 100),
                tags,
                gateway,
                CertState.At.of(NOW, Duration.ofMinutes(10)));
    }

    static OverviewQuery plain() {
        return query(Optional.empty(), "", Map.of(), Map.of(), OverviewQuery.Gateway.ANY);
    }

    boolean trigramIndexes() {
        return rows("select count(*) from pg_indexes where indexname = 'resources_dataplane_tags_trgm_idx'")
                .equals("1");
    }

    @Test
    void tagFiltersUseTheTagTrigramIndex() {
        var sql = OverviewSql.of(
                query(Optional.empty(), "", Map.of(), Map.of("kuma.io/service", "web"), OverviewQuery.Gateway.ANY));
        var page = plan(sql, "set enable_sort = on");
        assertThat(page).doesNotContain("Seq Scan");
        assertThat(explain(inline(sql.countSql(), sql.parameters()), "")).doesNotContain("Seq Scan");
        if (trigramIndexes()) {
            assertThat(planWithoutTypeCondition(sql)).contains("resources_dataplane_tags_trgm_idx");
        }
    }

    @Test
    void gatewayFiltersUseTheGatewayIndex() {
        for (var gateway : new OverviewQuery.Gateway[] {
            OverviewQuery.Gateway.PRESENT, OverviewQuery.Gateway.BUILTIN, OverviewQuery.Gateway.DELEGATED
        }) {
            var sql = OverviewSql.of(query(Optional.of("m"), "", Map.of(), Map.of(), gateway));
            assertThat(plan(sql, ""))
                    .as("%s", gateway)
                    .doesNotContain("Seq Scan")
                    .contains("resources_dataplane_gateway_idx");
        }
        var absent = OverviewSql.of(query(Optional.empty(), "", Map.of(), Map.of(), OverviewQuery.Gateway.ABSENT));
        assertThat(plan(absent, "")).doesNotContain("Seq Scan").contains("resources_pkey");
    }

    @Test
    void nameFiltersStillUseTheNameTrigramIndex() {
        var sql = OverviewSql.of(query(Optional.empty(), "web", Map.of(), Map.of(), OverviewQuery.Gateway.ANY));
        if (trigramIndexes()) {
            assertThat(planWithoutTypeCondition(sql)).contains("resources_name_trgm_idx");
            var list = ListSql.of(new ListQuery(ResourceType.SECRET, Optional.empty(), "web", Map.of(), 0, 100));
            var params = new HashMap<String, Object>(list.parameters());
            params.put("limit", 100);
            params.put("offset", 0);
            assertThat(explain(
                            inline(list.pageSql().replace("type = :type and ", ""), params),
                            "set enable_indexscan = off"))
                    .contains("resources_name_trgm_idx");
        }
    }

    @Test
    void certificatePagesReadInsightIndexesAndLookUpDataplanesByPrimaryKey() {
        for (var state : new CertState[] {CertState.EXPIRED, CertState.OVERDUE, CertState.RENEW_DUE, CertState.VALID}) {
            var sql = OverviewSql.of(plain().withCertificates(Optional.empty(), Optional.of(state)));
            var page = plan(sql, "");
            assertThat(page)
                    .as("%s", state)
                    .doesNotContain("Seq Scan")
                    .contains("resources_pkey")
                    .doesNotContain("resources_name_trgm_idx");
            assertThat(explain(inline(sql.countSql(), sql.parameters()), ""))
                    .doesNotContain("Seq Scan")
                    .doesNotContain("resources");
        }
        var before = OverviewSql.of(plain().withCertificates(Optional.of(NOW), Optional.empty()));
        // On near-empty tables, walking the insight primary key (the page order) and filtering ties with the expiration
        // index, and which one wins depends on what other tests left behind: with plain index scans priced out, only an
        // index whose expression matches the filter can serve it.
        assertThat(plan(before, "")).doesNotContain("Seq Scan");
        assertThat(plan(before, "set enable_indexscan = off"))
                .doesNotContain("Seq Scan")
                .containsPattern("dataplane_insights_(mesh_)?expiration_idx");
        var mixed = OverviewSql.of(query(Optional.of("m"), "web", Map.of(), Map.of(), OverviewQuery.Gateway.ANY)
                .withCertificates(Optional.of(NOW), Optional.of(CertState.EXPIRED)));
        assertThat(plan(mixed, "")).doesNotContain("Seq Scan");
        var none = OverviewSql.of(plain().withCertificates(Optional.empty(), Optional.of(CertState.NONE)));
        assertThat(plan(none, "")).doesNotContain("Seq Scan").contains("dataplane_insights");
    }

    /**
     * On near-empty tables the primary key (for {@code type = 'Dataplane'}) is always the cheapest index; without that
     * condition, and with plain index scans (Kuma's order from the primary key) priced out, only an index that matches
     * the filter's expression can serve the statement.
     */
    private String planWithoutTypeCondition(OverviewSql sql) {
        var params = new HashMap<String, Object>(sql.parameters());
        params.put("limit", 100);
        params.put("offset", 0);
        return explain(
                inline(sql.pageSql().replace("r.type = 'Dataplane' and ", ""), params), "set enable_indexscan = off");
    }

    private String plan(OverviewSql sql, String settings) {
        var params = new HashMap<String, Object>(sql.parameters());
        params.put("limit", 100);
        params.put("offset", 0);
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
                        .map(row -> String.valueOf(row.getValue(0)))
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
