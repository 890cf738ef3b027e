package io.meshtrust.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshtrust.insights.model.RotationQueries;
import io.meshtrust.insights.model.RotationQueries.LaggardQuery;
import io.meshtrust.insights.model.RotationQueries.Reason;
import io.meshtrust.insights.model.RotationQueries.TrustGroup;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.RenewalSpread;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.postgres.PostgresTestProfile;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rotation rules are written once in Java ({@link Reason#of}, {@link RenewalSpread}) and mirrored in PostgreSQL's
 * SQL; this draws random meshes and data planes (jqwik arbitraries, {@code -Dfuzz.tries}) and checks that the database
 * answers exactly what the Java rule says: the laggards and their reasons, the grouped counts, and the spread due
 * times to the microsecond.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class RotationRulesOnPostgresTest {

    static final String MESH = "parity";
    static final int DATAPLANES = 10;
    static final List<String> UNIVERSE = List.of("a", "b", "c", "d");

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @Inject
    RotationQueries queries;

    @BeforeEach
    void dataplanes() {
        StoreReset.clear(store);
        Meshes.plain(MESH).put().then().statusCode(201);
        for (int i = 0; i < DATAPLANES; i++) {
            Dataplanes.web(MESH, "dp-" + i).noServicePort().put().then().statusCode(201);
        }
    }

    /** One data plane's holding: what issued it, what it trusts, whether online, whether its certificate expired. */
    record Holding(String issued, List<String> supported, boolean online, boolean expired, long lifetimeSeconds) {}

    record Draw(List<String> listed, String enabled, List<Holding> holdings, Optional<Reason> filter) {}

    static Arbitrary<Draw> draws() {
        Arbitrary<List<String>> listed =
                Arbitraries.of(UNIVERSE).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        Arbitrary<Holding> holding = Combinators.combine(
                        Arbitraries.of("a", "b", "c", ""),
                        Arbitraries.of(UNIVERSE).list().ofMaxSize(4).uniqueElements(),
                        Arbitraries.of(true, false),
                        Arbitraries.of(false, false, true),
                        Arbitraries.longs().between(1, 400 * 24 * 3600))
                .as(Holding::new);
        return listed.flatMap(l -> Combinators.combine(
                        Arbitraries.of(l),
                        holding.list().ofSize(DATAPLANES),
                        Arbitraries.of(Reason.values()).optional())
                .as((enabled, holdings, filter) -> new Draw(l, enabled, holdings, filter)));
    }

    @Test
    void theDatabaseAnswersWhatTheJavaRuleSays() {
        int tries = Integer.getInteger("fuzz.tries", 200) / 4;
        draws().sampleStream().limit(Math.max(tries, 20)).forEach(draw -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Instant onlineSince = now.minus(Duration.ofMinutes(5));
            Map<String, Reason> expected = new TreeMap<>();
            Map<List<Object>, Long> groups = new HashMap<>();
            for (int i = 0; i < DATAPLANES; i++) {
                Holding h = draw.holdings().get(i);
                String name = "dp-" + i;
                Instant seen = h.online() ? now.minusSeconds(30) : now.minus(Duration.ofHours(1));
                Instant notAfter = h.expired() ? now.minusSeconds(60) : now.plusSeconds(h.lifetimeSeconds());
                Instant notBefore = notAfter.minusSeconds(h.lifetimeSeconds());
                var key = ResourceKey.inMesh(ResourceType.DATAPLANE, MESH, name);
                var mtls = new DataplaneInsight.MtlsStats(
                        notAfter, notBefore, 1, h.issued().isEmpty() ? null : h.issued(), h.supported());
                var cert = new DataplaneInsight.CurrentCertificate(
                        "1", notBefore, notAfter, notAfter.minusSeconds(h.lifetimeSeconds() / 5), "{}", "x");
                insights.put(new DataplaneInsight(
                                key, null, null, JsonNodeFactory.instance.arrayNode(), null, mtls, cert, seen, seen))
                        .await()
                        .indefinitely();
                if (!h.expired()) {
                    Reason.of(h.online(), h.issued(), h.supported(), draw.listed(), draw.enabled())
                            .filter(r ->
                                    draw.filter().isEmpty() || draw.filter().get() == r)
                            .ifPresent(r -> expected.put(name, r));
                }
                groups.merge(List.of(!h.expired(), h.issued(), h.supported(), h.online()), 1L, Long::sum);
            }
            var page = queries.laggards(new LaggardQuery(
                            MESH,
                            draw.listed(),
                            draw.enabled(),
                            onlineSince,
                            now,
                            draw.filter(),
                            Optional.empty(),
                            0,
                            100))
                    .await()
                    .indefinitely();
            Map<String, Reason> actual = new TreeMap<>();
            page.items().forEach(l -> actual.put(l.name(), l.reason()));
            assertThat(actual).as("laggards for %s", draw).isEqualTo(expected);
            assertThat(page.total()).isEqualTo(expected.size());

            Map<List<Object>, Long> counted = new HashMap<>();
            for (TrustGroup g : queries.trustGroups(List.of(MESH), onlineSince, now)
                    .await()
                    .indefinitely()
                    .get(MESH)) {
                counted.merge(
                        List.of(g.holder(), g.issuedBackend(), g.supportedBackends(), g.online()),
                        g.count(),
                        Long::sum);
            }
            assertThat(counted).as("groups for %s", draw).isEqualTo(groups);

            // The spread: the database's due times are RenewalSpread's, to the microsecond.
            var spread = new RenewalSpread(0.05 + draw.holdings().size() % 3 * 0.3, Duration.ofMinutes(10));
            List<Instant> due = new ArrayList<>();
            for (int i = 0; i < DATAPLANES; i++) {
                var current = insights.get(ResourceKey.inMesh(ResourceType.DATAPLANE, MESH, "dp-" + i))
                        .await()
                        .indefinitely()
                        .orElseThrow()
                        .certificate();
                due.add(spread.renewAfter(
                        MESH, "dp-" + i, current.notBefore(), current.notAfter(), current.renewAfter(), now));
            }
            insights.markRenewDue(MESH, Optional.empty(), now, spread).await().indefinitely();
            for (int i = 0; i < DATAPLANES; i++) {
                var moved = insights.get(ResourceKey.inMesh(ResourceType.DATAPLANE, MESH, "dp-" + i))
                        .await()
                        .indefinitely()
                        .orElseThrow()
                        .certificate();
                assertThat(moved.renewAfter()).as("dp-%d of %s", i, draw).isEqualTo(due.get(i));
            }
        });
    }
}
