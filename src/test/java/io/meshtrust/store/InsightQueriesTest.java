package io.meshtrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.resources.ResourceSpecs;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link InsightQueries} against the store of the running profile (memory here, PostgreSQL in
 * {@link InsightQueriesOnPostgresTest}): the same answers from the Java rules and from the SQL, including tags and
 * values that are special to LIKE, JSON and jsonpath.
 */
@QuarkusTest
class InsightQueriesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @Inject
    InsightQueries queries;

    @Inject
    ResourceSpecs specs;

    @BeforeEach
    void seed() {
        StoreReset.clear(store);
        store.create(Resource.draft(
                        ResourceKey.global(ResourceType.MESH, "q"), Map.of(), Golden.JSON.createObjectNode()))
                .await()
                .atMost(TIMEOUT);
        dataplane("quotes", """
                {"inbound": [{"port": 1, "tags": {"kuma.io/service": "a\\"b\\\\c%_d", "k\\"ey": "v", "x": "1"}}]}""");
        dataplane("multi", """
                {"inbound": [{"port": 1, "tags": {"a": "1", "x": "2"}}, {"port": 2, "tags": {"b": "2"}}]}""");
        dataplane("gw", """
                {"gateway": {"tags": {"kuma.io/service": "edge", "a": "1"}, "type": "BUILTIN"}}""");
        dataplane("unicode", """
                {"inbound": [{"port": 1, "tags": {"région": "é-ü", "a": "10"}}]}""");
        dataplane("untagged", """
                {"inbound": [{"port": 1}]}""");
    }

    void dataplane(String name, String networking) {
        var spec = (ObjectNode) Golden.parse("{\"networking\": " + networking + "}");
        ((ObjectNode) spec.get("networking")).put("address", "10.0.0.1");
        store.create(Resource.draft(
                        ResourceKey.inMesh(ResourceType.DATAPLANE, "q", name),
                        Map.of(),
                        specs.of(ResourceType.DATAPLANE).decode(spec)))
                .await()
                .atMost(TIMEOUT);
    }

    List<String> names(Map<String, String> tags, OverviewQuery.Gateway gateway) {
        var list = new ListQuery(ResourceType.DATAPLANE, Optional.of("q"), "", Map.of(), 0, 100);
        var page = queries.overview(
                        OverviewQuery.of(list, tags, gateway, CertState.At.of(Instant.now(), Duration.ZERO)))
                .await()
                .atMost(TIMEOUT);
        assertThat(page.total()).isEqualTo(page.items().size());
        return page.items().stream().map(o -> o.dataplane().name()).toList();
    }

    List<String> tagged(String... keyValues) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            tags.put(keyValues[i], keyValues[i + 1]);
        }
        return names(tags, OverviewQuery.Gateway.ANY);
    }

    @Test
    void valuesAreSubstringsWithNothingSpecial() {
        assertThat(tagged("kuma.io/service", "\"b\\")).containsExactly("quotes");
        assertThat(tagged("kuma.io/service", "%")).containsExactly("quotes");
        assertThat(tagged("kuma.io/service", "_")).containsExactly("quotes");
        assertThat(tagged("kuma.io/service", "%_d")).containsExactly("quotes");
        assertThat(tagged("kuma.io/service", "b%")).isEmpty();
        assertThat(tagged("kuma.io/service", ".*")).isEmpty();
        assertThat(tagged("kuma.io/service", "")).containsExactly("gw", "quotes");
        assertThat(tagged("k\"ey", "v")).containsExactly("quotes");
        assertThat(tagged("région", "é-")).containsExactly("unicode");
    }

    @Test
    void oneInboundOrTheGatewayMustHaveEveryTag() {
        assertThat(tagged("a", "1")).containsExactly("gw", "multi", "unicode");
        assertThat(tagged("a", "1", "x", "2")).containsExactly("multi");
        assertThat(tagged("a", "1", "b", "2"))
                .as("a and b are on different inbounds")
                .isEmpty();
        assertThat(tagged("b", "*")).containsExactly("multi");
        assertThat(tagged("a", "*", "kuma.io/service", "*")).containsExactly("gw");
        assertThat(tagged("nope", "*")).isEmpty();
        assertThat(tagged()).containsExactly("gw", "multi", "quotes", "unicode", "untagged");
    }

    @Test
    void gatewayFilter() {
        assertThat(names(Map.of(), OverviewQuery.Gateway.PRESENT)).containsExactly("gw");
        assertThat(names(Map.of(), OverviewQuery.Gateway.BUILTIN)).containsExactly("gw");
        assertThat(names(Map.of(), OverviewQuery.Gateway.DELEGATED)).isEmpty();
        assertThat(names(Map.of(), OverviewQuery.Gateway.ABSENT))
                .containsExactly("multi", "quotes", "unicode", "untagged");
        assertThat(names(Map.of("a", "1"), OverviewQuery.Gateway.ABSENT)).containsExactly("multi", "unicode");
    }

    @Test
    void pagesCountEveryMatch() {
        var list = new ListQuery(ResourceType.DATAPLANE, Optional.empty(), "", Map.of(), 1, 1);
        var page = queries.overview(OverviewQuery.of(
                        list,
                        Map.of("a", "1"),
                        OverviewQuery.Gateway.ANY,
                        CertState.At.of(Instant.now(), Duration.ZERO)))
                .await()
                .atMost(TIMEOUT);
        assertThat(page.items()).extracting(o -> o.dataplane().name()).containsExactly("multi");
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.nextOffset()).hasValue(2);
    }

    @Test
    void meshStatsOfAMeshWithoutInsightsAndOfAnUnknownMesh() {
        var stats = queries.meshStats(List.of("q", "unknown"), Instant.now())
                .await()
                .atMost(TIMEOUT);
        assertThat(stats.get("q").dataplanes()).isEqualTo(new InsightQueries.DataplaneStat(5, 0));
        assertThat(stats.get("q").issuedBackends()).isEmpty();
        assertThat(stats.get("unknown")).isEqualTo(InsightQueries.MeshStats.EMPTY);
    }

    @Test
    void meshInventoryCountsDataplanesByKindWithStatusAndSecrets() {
        dataplane("delegated", """
                {"gateway": {"tags": {"kuma.io/service": "edge-2"}}}""");
        store.create(Resource.draft(
                        ResourceKey.inMesh(ResourceType.SECRET, "q", "s1"),
                        Map.of(),
                        specs.of(ResourceType.SECRET).decode((ObjectNode) Golden.parse("{\"data\": \"YQ==\"}"))))
                .await()
                .atMost(TIMEOUT);
        Instant now = Instant.now();
        for (String online : List.of("gw", "multi")) {
            insights.put(new DataplaneInsight(
                            ResourceKey.inMesh(ResourceType.DATAPLANE, "q", online),
                            null,
                            null,
                            (ArrayNode) Golden.parse("[]"),
                            null,
                            null,
                            null,
                            now,
                            now))
                    .await()
                    .atMost(TIMEOUT);
        }

        var inventory = queries.meshInventory(List.of("q", "unknown"), now.minusSeconds(60))
                .await()
                .atMost(TIMEOUT);
        var q = inventory.get("q");
        assertThat(q.dataplanes(InsightQueries.DataplaneKind.STANDARD))
                .isEqualTo(new InsightQueries.DataplaneStat(4, 1));
        assertThat(q.dataplanes(InsightQueries.DataplaneKind.GATEWAY_BUILTIN))
                .isEqualTo(new InsightQueries.DataplaneStat(1, 1));
        assertThat(q.dataplanes(InsightQueries.DataplaneKind.GATEWAY_DELEGATED))
                .isEqualTo(new InsightQueries.DataplaneStat(1, 0));
        assertThat(q.secrets()).isEqualTo(1);
        assertThat(inventory.get("unknown")).isEqualTo(InsightQueries.MeshInventory.EMPTY);
        assertThat(queries.meshInventory(List.of(), now).await().atMost(TIMEOUT))
                .isEmpty();
    }

    @Test
    void certificateStatsCountDataplanesWithoutInsightAsNone() {
        var stats = queries.certificateStats(
                        Optional.of("q"),
                        CertState.At.of(Instant.now(), Duration.ZERO),
                        List.of(Duration.ofHours(1)),
                        10)
                .await()
                .atMost(TIMEOUT);
        assertThat(stats.states()).isEqualTo(new InsightQueries.StateCounts(0, 0, 0, 0, 5));
        assertThat(stats.expiringWithin()).containsEntry(Duration.ofHours(1), 0L);
        assertThat(stats.soonest()).isEmpty();
    }

    /**
     * The state boundaries ({@link CertState#of(Instant, Instant, CertState.At)}) in the store's own rule: a
     * certificate expiring exactly at {@code now} is expired; one whose {@code renewAfter} is exactly
     * {@code now - grace} is overdue, a second later renew-due, exactly {@code now} renew-due; one renewing a second
     * from now is valid. The counts, the {@code certState} filter and the Java rule agree on each.
     */
    @Test
    void certificateStatesAtTheirBoundariesAgreeWithTheRule() {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        var at = CertState.At.of(t, Duration.ofMinutes(10));
        Map<String, DataplaneInsight> seeded = new LinkedHashMap<>();
        seeded.put("quotes", certified("quotes", t, t.minus(Duration.ofHours(1))));
        seeded.put("multi", certified("multi", t.plus(Duration.ofHours(1)), t.minus(Duration.ofMinutes(10))));
        seeded.put(
                "gw",
                certified(
                        "gw",
                        t.plus(Duration.ofHours(1)),
                        t.minus(Duration.ofMinutes(10)).plusSeconds(1)));
        seeded.put("unicode", certified("unicode", t.plus(Duration.ofHours(1)), t));
        seeded.put("untagged", certified("untagged", t.plusSeconds(1), t.plusSeconds(1)));
        assertThat(seeded.values().stream().map(i -> CertState.of(i, at)))
                .containsExactly(
                        CertState.EXPIRED,
                        CertState.OVERDUE,
                        CertState.RENEW_DUE,
                        CertState.RENEW_DUE,
                        CertState.VALID);

        var stats = queries.certificateStats(Optional.of("q"), at, List.of(Duration.ofHours(1)), 10)
                .await()
                .atMost(TIMEOUT);
        assertThat(stats.states()).isEqualTo(new InsightQueries.StateCounts(1, 2, 1, 1, 0));
        assertThat(stats.soonest().stream().map(InsightQueries.Expiring::state))
                .as("untagged, then gw, multi and unicode (same notAfter) by name")
                .containsExactly(CertState.VALID, CertState.RENEW_DUE, CertState.OVERDUE, CertState.RENEW_DUE);
        for (CertState state : CertState.values()) {
            var list = new ListQuery(ResourceType.DATAPLANE, Optional.of("q"), "", Map.of(), 0, 100);
            var page = queries.overview(OverviewQuery.of(list, Map.of(), OverviewQuery.Gateway.ANY, at)
                            .withCertificates(Optional.empty(), Optional.of(state)))
                    .await()
                    .atMost(TIMEOUT);
            assertThat(page.items().stream().map(o -> o.dataplane().name()))
                    .as("certState=%s", state.value())
                    .containsExactlyInAnyOrderElementsOf(seeded.entrySet().stream()
                            .filter(e -> CertState.of(e.getValue(), at) == state)
                            .map(Map.Entry::getKey)
                            .toList());
        }
        // with no grace, overdue starts at renewAfter itself
        var noGrace = queries.certificateStats(Optional.of("q"), CertState.At.of(t, Duration.ZERO), List.of(), 0)
                .await()
                .atMost(TIMEOUT);
        assertThat(noGrace.states()).isEqualTo(new InsightQueries.StateCounts(1, 0, 3, 1, 0));
    }

    DataplaneInsight certified(String name, Instant notAfter, Instant renewAfter) {
        Instant issued = notAfter.minus(Duration.ofDays(1));
        var insight = new DataplaneInsight(
                ResourceKey.inMesh(ResourceType.DATAPLANE, "q", name),
                null,
                null,
                null,
                null,
                new DataplaneInsight.MtlsStats(notAfter, issued, 1, "ca-1", List.of("ca-1")),
                new DataplaneInsight.CurrentCertificate(
                        "1", issued, notAfter, renewAfter, "kuma.io/service=" + name, "fingerprint"),
                null,
                null);
        insights.put(insight).await().atMost(TIMEOUT);
        return insight;
    }
}
