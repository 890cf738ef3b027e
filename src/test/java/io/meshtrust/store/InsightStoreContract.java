package io.meshtrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.testsupport.SettableClock;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InsightStore} must have, beside its {@link ResourceStore}: insights live and die with
 * their Dataplane, issuances are counted with Kuma's semantics and none is lost under concurrency.
 */
public abstract class InsightStoreContract {

    protected static final Duration TIMEOUT = Duration.ofSeconds(30);
    protected static final Instant START = Instant.parse("2024-05-01T10:00:00.123456Z");
    protected static final SettableClock CLOCK = new SettableClock(START);

    protected abstract ResourceStore resources();

    protected abstract InsightStore insights();

    /** Empties both stores; called before each test. */
    protected abstract void clear();

    @BeforeEach
    final void reset() {
        CLOCK.set(START);
        clear();
        await(resources().create(Resources.mesh("m1")));
        await(resources().create(Resources.mesh("m2")));
        for (String name : List.of("a", "b", "c")) {
            await(resources().create(dataplane("m1", name)));
        }
        await(resources().create(dataplane("m2", "a")));
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    static Resource dataplane(String mesh, String name) {
        var spec = JsonNodeFactory.instance.objectNode();
        spec.putObject("networking").put("address", "10.0.0.1");
        return Resource.draft(key(mesh, name), null, spec);
    }

    protected static ResourceKey key(String mesh, String name) {
        return ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
    }

    protected static Issuance issuance(Instant generation, String serial, String backend) {
        var notAfter = generation.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        return new Issuance(
                generation,
                backend,
                List.of(backend),
                new DataplaneInsight.CurrentCertificate(
                        serial,
                        generation.minusSeconds(10),
                        notAfter,
                        generation.plus(Duration.ofMinutes(48)),
                        "kuma.io/service=web",
                        "fp-" + backend));
    }

    @Test
    void firstIssuanceCreatesTheInsightWithCountOne() {
        var at = START.plusSeconds(1);
        assertThat(await(insights().recordIssuance(key("m1", "a"), issuance(at, "11", "ca-1"))))
                .isEqualTo(1);
        var insight = await(insights().get(key("m1", "a"))).orElseThrow();
        assertThat(insight.mtls().certificateRegenerations()).isEqualTo(1);
        assertThat(insight.mtls().issuedBackend()).isEqualTo("ca-1");
        assertThat(insight.mtls().supportedBackends()).containsExactly("ca-1");
        assertThat(insight.mtls().lastCertificateRegeneration()).isEqualTo(at);
        assertThat(insight.mtls().certificateExpirationTime())
                .isEqualTo(insight.certificate().notAfter());
        assertThat(insight.certificate().serialNumber()).isEqualTo("11");
        assertThat(insight.firstSeen()).isEqualTo(at);
        assertThat(await(insights().get(key("m1", "b")))).isEmpty();
    }

    @Test
    void laterIssuancesIncrementAndAnOlderOneArrivingLateDoesNotReplaceTheCurrent() {
        assertThat(await(insights().recordIssuance(key("m1", "a"), issuance(START.plusSeconds(10), "1", "ca-1"))))
                .isEqualTo(1);
        assertThat(await(insights().recordIssuance(key("m1", "a"), issuance(START.plusSeconds(30), "3", "ca-2"))))
                .isEqualTo(2);
        // the late one still counts, and says so
        assertThat(await(insights().recordIssuance(key("m1", "a"), issuance(START.plusSeconds(20), "2", "ca-1"))))
                .isEqualTo(3);
        var insight = await(insights().get(key("m1", "a"))).orElseThrow();
        assertThat(insight.mtls().certificateRegenerations()).isEqualTo(3);
        assertThat(insight.certificate().serialNumber()).isEqualTo("3");
        assertThat(insight.mtls().issuedBackend()).isEqualTo("ca-2");
        assertThat(insight.lastSeen()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void concurrentIssuancesAreAllCounted() throws Exception {
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Long>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                var issuance = issuance(START.plusMillis(i), String.valueOf(i), "ca-1");
                calls.add(CompletableFuture.supplyAsync(
                        () -> await(insights().recordIssuance(key("m1", "b"), issuance)), pool));
            }
            Set<Long> counts = new HashSet<>();
            for (var call : calls) {
                counts.add(call.get());
            }
            // each concurrent caller was told its own place in the count
            assertThat(counts).hasSize(n).allMatch(c -> c >= 1 && c <= n);
        } finally {
            pool.shutdownNow();
        }
        var insight = await(insights().get(key("m1", "b"))).orElseThrow();
        assertThat(insight.mtls().certificateRegenerations()).isEqualTo(n);
        assertThat(insight.certificate().serialNumber()).isEqualTo(String.valueOf(n - 1));
    }

    @Test
    void noInsightWithoutItsDataplane() {
        Throwable failure = catchThrowable(
                () -> await(insights().recordIssuance(key("m1", "nobody"), issuance(START, "1", "ca-1"))));
        assertThat(failure).isInstanceOf(StoreException.NotFound.class);
        assertThat(catchThrowable(() -> await(insights().recordContact(key("m3", "a"), START))))
                .isInstanceOf(StoreException.NotFound.class);
        assertThat(await(insights().get(key("m1", "nobody")))).isEmpty();
    }

    @Test
    void insightsAreDeletedWithTheirDataplaneAndTheirMesh() {
        await(insights().recordContact(key("m1", "a"), START));
        await(insights().recordContact(key("m1", "b"), START));
        await(insights().recordContact(key("m2", "a"), START));
        await(resources().delete(key("m1", "a")));
        assertThat(await(insights().get(key("m1", "a")))).isEmpty();
        // a re-created dataplane starts without statistics
        await(resources().create(dataplane("m1", "a")));
        assertThat(await(insights().get(key("m1", "a")))).isEmpty();
        await(resources().delete(ResourceKey.global(ResourceType.MESH, "m1")));
        assertThat(await(insights().get(key("m1", "b")))).isEmpty();
        assertThat(await(insights().get(key("m2", "a")))).isPresent();
    }

    @Test
    void contactKeepsTheFirstAndTheLatest() {
        await(insights().recordContact(key("m1", "a"), START.plusSeconds(5)));
        await(insights().recordContact(key("m1", "a"), START.plusSeconds(9)));
        var insight = await(insights().recordContact(key("m1", "a"), START.plusSeconds(7)));
        assertThat(insight.firstSeen()).isEqualTo(START.plusSeconds(5));
        assertThat(insight.lastSeen()).isEqualTo(START.plusSeconds(9));
        assertThat(insight.mtls()).isNull();
    }

    @Test
    void aStatedVersionIsKeptUntilAnotherReplacesIt() {
        var v1 = version("meshtrust-dp/1.0.0");
        var stated = await(insights().recordContact(key("m1", "a"), START, v1));
        assertThat(stated.version()).isEqualTo(v1);
        // a contact without a version, an issuance and a reset of the mTLS statistics say nothing new about it
        await(insights().recordContact(key("m1", "a"), START.plusSeconds(1)));
        await(insights().recordIssuance(key("m1", "a"), issuance(START.plusSeconds(2), "1", "ca-1")));
        await(insights().clearMtls("m1"));
        assertThat(await(insights().get(key("m1", "a"))).orElseThrow().version())
                .isEqualTo(v1);
        var v2 = version("2.14.3");
        v2.putObject("envoy").put("version", "1.34.1").put("build", "abc/1.34.1/Clean/RELEASE/BoringSSL");
        v2.putObject("dependencies").put("coredns", "1.12.1");
        assertThat(await(insights().recordContact(key("m1", "a"), START.plusSeconds(3), v2))
                        .version())
                .isEqualTo(v2);
        assertThat(await(insights().getAll(List.of(key("m1", "a"))))
                        .get(key("m1", "a"))
                        .version())
                .isEqualTo(v2);
        // others are untouched, and a first contact may state one
        assertThat(await(insights().recordContact(key("m1", "b"), START)).version())
                .isNull();
        // put replaces the insight as given, version included
        var replaced = await(insights().get(key("m1", "a"))).orElseThrow().withVersion(null);
        assertThat(await(insights().put(replaced)).version()).isNull();
    }

    static ObjectNode version(String kumaDp) {
        var version = JsonNodeFactory.instance.objectNode();
        version.putObject("kumaDp").put("version", kumaDp);
        return version;
    }

    @Test
    void clearingMtlsResetsTheStatisticsOfOneMeshOnly() {
        await(insights().recordIssuance(key("m1", "a"), issuance(START, "1", "ca-1")));
        await(insights().recordIssuance(key("m1", "a"), issuance(START.plusSeconds(1), "2", "ca-1")));
        await(insights().recordIssuance(key("m2", "a"), issuance(START, "3", "ca-1")));
        assertThat(await(insights().clearMtls("m1"))).isEqualTo(1);
        var cleared = await(insights().get(key("m1", "a"))).orElseThrow();
        assertThat(cleared.mtls()).isNull();
        assertThat(cleared.certificate()).isNull();
        assertThat(cleared.lastSeen()).isEqualTo(START.plusSeconds(1));
        // the next issuance counts from one again
        assertThat(await(insights().recordIssuance(key("m1", "a"), issuance(START.plusSeconds(2), "4", "ca-1"))))
                .isEqualTo(1);
        assertThat(await(insights().get(key("m1", "a")))
                        .orElseThrow()
                        .certificate()
                        .serialNumber())
                .isEqualTo("4");
        assertThat(await(insights().get(key("m2", "a"))).orElseThrow().mtls().certificateRegenerations())
                .isEqualTo(1);
    }

    @Test
    void markingDueAndTheRotationSweep() {
        await(insights().recordIssuance(key("m1", "a"), issuance(START, "1", "ca-1")));
        await(insights().recordIssuance(key("m1", "b"), issuance(START.plusSeconds(60), "2", "ca-1")));
        await(insights().recordIssuance(key("m2", "a"), issuance(START.plusSeconds(30), "3", "ca-1")));
        Instant beforeAnyDue = START.plusSeconds(60);
        assertThat(await(insights().renewDue(beforeAnyDue, 100))).isEmpty();
        // 48 minutes after the first issuance only m1/a is due; later all are, soonest first
        assertThat(await(insights().renewDue(START.plus(Duration.ofMinutes(48)), 100)))
                .containsExactly(key("m1", "a"));
        assertThat(await(insights().renewDue(START.plus(Duration.ofMinutes(50)), 100)))
                .containsExactly(key("m1", "a"), key("m2", "a"), key("m1", "b"));
        assertThat(await(insights().renewDue(START.plus(Duration.ofMinutes(50)), 2)))
                .hasSize(2);
        // a tag change makes one certificate due now; a mesh's mTLS change makes all of the mesh due
        Instant now = START.plusSeconds(120);
        assertThat(await(insights().markRenewDue("m1", Optional.of("b"), now, RenewalSpread.NONE)))
                .isEqualTo(1);
        assertThat(await(insights().renewDue(now, 100))).containsExactly(key("m1", "b"));
        assertThat(await(insights().markRenewDue("m2", Optional.empty(), now, RenewalSpread.NONE)))
                .isEqualTo(1);
        assertThat(await(insights().renewDue(now, 100))).containsExactlyInAnyOrder(key("m1", "b"), key("m2", "a"));
        // marking never postpones
        assertThat(await(insights().markRenewDue("m2", Optional.empty(), now.plusSeconds(10), RenewalSpread.NONE)))
                .isZero();
    }

    @Test
    void putReplacesKumasPartsAndGetAllFindsExistingOnes() {
        var subscriptions = JsonNodeFactory.instance.arrayNode();
        subscriptions.addObject().put("id", "stream-1").put("connectTime", "2019-07-01T00:00:00Z");
        var mtls = new DataplaneInsight.MtlsStats(
                Instant.parse("2020-05-08T08:28:22Z"),
                Instant.parse("2019-07-16T19:48:08Z"),
                10,
                "ca-1",
                List.of("ca-1", "ca-2"));
        await(insights().put(DataplaneInsight.of(key("m1", "c"), subscriptions, mtls)));
        var stored = await(insights().get(key("m1", "c"))).orElseThrow();
        assertThat(stored.subscriptions()).isEqualTo(subscriptions);
        assertThat(stored.mtls()).isEqualTo(mtls);
        assertThat(stored.creationTime()).isEqualTo(START);
        var found = await(insights().getAll(List.of(key("m1", "a"), key("m1", "c"), key("m2", "a"))));
        assertThat(found).containsOnlyKeys(key("m1", "c"));
        assertThat(catchThrowable(() -> await(insights().put(DataplaneInsight.of(key("m9", "x"), null, null)))))
                .isInstanceOf(StoreException.NotFound.class);
    }
}
