package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshtrust.store.postgres.PostgresTestServer;
import io.meshtrust.testsupport.Meshes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 point 6: a CA rotation proven with real handshakes. Two replicas from the packaged jar on one PostgreSQL;
 * a mesh of {@value #DATAPLANES} dataplanes, each with an in-process {@code dp certificate} agent (real CSRs, real
 * files, {@code --check-interval 1s}, half on each replica); the dataplanes in pairs that re-handshake mutual TLS
 * every {@value #PAUSE_MS} ms from the files their agents keep, most in this JVM (JSSE), some in Python's {@code ssl}
 * (OpenSSL's path building: the two builtin roots share Kuma's subject {@code O=Kuma, OU=Mesh, CN=<mesh>}, so only
 * the key identifiers tell them apart). Then a complete rotation A → B through the server's gates: add B, wait for
 * the gate, switch, wait, retire A. Zero failed handshakes, and at the end every certificate is issued by B and no
 * bundle holds A's root. And the counter-test: a switch forced past the gate breaks the handshakes between a
 * dataplane that did not renew and one that did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaRotationHandshakeIT {

    static final int DATAPLANES = 20;
    /** Pairs from this index on run in Python (OpenSSL), the others in this JVM. */
    static final int FIRST_PYTHON_PAIR = 7;

    static final int PAUSE_MS = 150;
    static final Duration GATE = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    List<Replica> replicas;

    @BeforeAll
    void startReplicas() {
        Map<String, String> env = new LinkedHashMap<>(Replica.postgresEnv(PostgresTestServer.newDatabase()));
        // a mesh change makes every certificate due within a few seconds rather than the default 10 minutes
        env.put("MESHTRUST_CERTIFICATES_RENEWAL_SPREAD_MAX", "3s");
        replicas = Replica.startTogether("rot", 2, env, temp);
    }

    @AfterAll
    void stopReplicas() {
        if (replicas != null) {
            replicas.forEach(Replica::close);
        }
    }

    static Meshes builtin(Meshes mesh, String backend) {
        return mesh.builtinBackend(backend).dpCertExpiration("10m");
    }

    static Meshes provided(Meshes mesh, String backend) {
        var conf = new JsonObject()
                .put("cert", new JsonObject().put("inlineString", fixture("intermediate-chain.pem")))
                .put("key", new JsonObject().put("inlineString", fixture("intermediate-ca.key")));
        return mesh.backend(backend, "provided").conf(conf.encode()).dpCertExpiration("10m");
    }

    @Test
    void builtinToBuiltinWithoutOneFailedHandshake() throws Exception {
        rotate("rot-builtin", CaRotationHandshakeIT::builtin);
    }

    @Test
    void builtinToAProvidedIntermediateChainWithoutOneFailedHandshake() throws Exception {
        rotate("rot-provided", CaRotationHandshakeIT::provided);
    }

    /** A → B through the gates with {@value #DATAPLANES} agents and their pairs handshaking all the time. */
    void rotate(String mesh, BackendAdder addB) throws Exception {
        UnaryOperator<Meshes> withA = m -> builtin(m, "ca-a");
        UnaryOperator<Meshes> withB = m -> addB.add(m, "ca-b");
        put(mesh, withA.apply(Meshes.plain(mesh)).enabled("ca-a"), false, 201);
        try (var fleet = new DataplaneFleet(mesh, DATAPLANES, replicas, temp, "1s")) {
            awaitFiles(fleet);
            X509Certificate rootA = onlyRoot(fleet.get(0));
            for (var member : fleet.members) {
                assertThat(roots(member)).as(member.name).containsExactly(rootA);
            }
            List<MtlsPairs.Pair> pairs = new ArrayList<>();
            List<X509Certificate> rootB = new ArrayList<>();
            try {
                for (int p = 0; p < DATAPLANES / 2; p++) {
                    var server = fleet.get(2 * p).side(mesh);
                    var client = fleet.get(2 * p + 1).side(mesh);
                    pairs.add(
                            p >= FIRST_PYTHON_PAIR
                                    ? MtlsPairs.python(server, client, Duration.ofMillis(PAUSE_MS), temp)
                                    : MtlsPairs.java(server, client, Duration.ofMillis(PAUSE_MS)));
                }
                var progress = new Progress(pairs);
                progress.awaitEveryPairHandshaking("with A only");

                // 1. trust before use: B is listed, A still signs; every certificate becomes due and is re-issued
                // with both roots. Switching now is refused: no dataplane can have renewed yet.
                var both = withB.apply(withA.apply(Meshes.plain(mesh)));
                put(mesh, both.enabled("ca-a"), false, 200);
                var early =
                        put(mesh, withB.apply(withA.apply(Meshes.plain(mesh))).enabled("ca-b"), false, 400);
                assertThat(early.body())
                        .contains("\"field\":\"mtls.enabledBackend\"")
                        .containsPattern("cannot switch to backend \\\\\"ca-b\\\\\" yet: \\d+ of " + DATAPLANES
                                + " online dataplanes have not been given its root");
                rootB.addAll(awaitSecondRoot(fleet, rootA, Duration.ofSeconds(30)));
                progress.awaitEveryPairHandshaking("A and B trusted, A signing");

                // 2. the switch, once the gate opens: B signs, and every certificate is re-issued from B
                awaitPhase(mesh, "ready-to-switch");
                int refusals = retryUntilAccepted(
                        mesh, withB.apply(withA.apply(Meshes.plain(mesh))).enabled("ca-b"));
                var retire = withB.apply(Meshes.plain(mesh)).enabled("ca-b");
                // retiring A at once is refused: the dataplanes still hold certificates from A
                assertThat(put(mesh, retire, false, 400).body())
                        .contains("\"field\":\"mtls.backends\"")
                        .contains("cannot remove backend \\\"ca-a\\\" yet");
                await("every certificate from B").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (var member : fleet.members) {
                        assertThat(issuedBy(member, rootB))
                                .as(member.name + " issued by B")
                                .isTrue();
                    }
                });
                progress.awaitEveryPairHandshaking("B signing (" + refusals + " refused switches)");

                // 3. A retired, once the gate opens (at that moment nobody may hold a certificate from A)
                awaitPhase(mesh, "ready-to-retire");
                int retireRefusals = retryUntilAccepted(mesh, retire);
                for (var member : fleet.members) {
                    assertThat(issuedBy(member, rootB))
                            .as(member.name + " issued by B when A was retired")
                            .isTrue();
                }
                // 3. A retired: every bundle loses A's root
                await("no bundle with A's root").atMost(GATE).untilAsserted(() -> {
                    for (var member : fleet.members) {
                        assertThat(roots(member)).as(member.name).doesNotContain(rootA);
                    }
                });
                awaitPhase(mesh, "stable");
                progress.awaitEveryPairHandshaking("B only (" + retireRefusals + " refused retirements)");

                for (var pair : pairs) {
                    pair.close();
                }
                List<String> failures = new ArrayList<>();
                for (var pair : pairs) {
                    pair.failures().forEach(f -> failures.add(pair.describe() + ": " + f));
                }
                assertThat(failures).as("failed handshakes").isEmpty();
                // the pairs handshook across issuers too (one side from A, the other from B)
                assertThat(pairs.stream().mapToLong(MtlsPairs.Pair::mixed).sum())
                        .as("handshakes between a certificate from A and one from B")
                        .isPositive();
                System.out.println(mesh + ": " + progress.summary());
                assertNoStoreErrors();
            } finally {
                pairs.forEach(MtlsPairs.Pair::close);
            }
            for (var member : fleet.members) {
                assertThat(issuedBy(member, rootB)).as(member.name).isTrue();
                assertThat(roots(member)).as(member.name).containsExactlyInAnyOrderElementsOf(rootB);
            }
            fleet.close();
            for (var member : fleet.members) {
                assertThat(member.exitCode.get())
                        .as(member.name + ": " + member.errors())
                        .isZero();
                assertThat(member.errors()).as(member.name).isEmpty();
            }
        }
    }

    @Test
    void aSwitchForcedPastTheGateBreaksHandshakesBetweenAnUnrenewedAndARenewedDataplane() throws Exception {
        String mesh = "rot-forced";
        UnaryOperator<Meshes> withA = m -> builtin(m, "ca-a");
        UnaryOperator<Meshes> withB = m -> builtin(m, "ca-b");
        put(mesh, withA.apply(Meshes.plain(mesh)).enabled("ca-a"), false, 201);
        try (var fleet = new DataplaneFleet(mesh, 4, replicas, temp, "1s")) {
            awaitFiles(fleet);
            X509Certificate rootA = onlyRoot(fleet.get(0));
            var stale = fleet.get(0);
            var renewed = fleet.get(1);
            fleet.stop(stale); // keeps its certificate from A and a bundle with A's root only
            var before = MtlsPairs.read(stale.dir);

            put(mesh, withB.apply(withA.apply(Meshes.plain(mesh))).enabled("ca-a"), false, 200);
            var both = withB.apply(withA.apply(Meshes.plain(mesh))).enabled("ca-b");
            // the gate is closed: the stopped dataplane is still online (recent contact) and lacks B's root
            var refused = put(mesh, both, false, 400);
            assertThat(refused.body()).contains("mtls.enabledBackend");
            put(mesh, both, true, 200);

            List<X509Certificate> rootB = awaitSecondRoot(fleet, rootA, Duration.ofSeconds(30), stale);
            await("the running dataplanes renewed from B")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        for (var member : fleet.members.subList(1, fleet.members.size())) {
                            assertThat(issuedBy(member, rootB)).as(member.name).isTrue();
                        }
                    });
            var after = MtlsPairs.read(stale.dir);
            assertThat(after.chain()).isEqualTo(before.chain());
            assertThat(after.roots()).containsExactly(rootA);
            // the server names the one dataplane that holds up the rotation (and will fail its handshakes)
            var rotation = new JsonObject(
                    replicas.get(1).get("/meshes/" + mesh + "/ca-rotation").body());
            // B signs already, but the phase says what is missing: the stale one lacks B's root
            assertThat(rotation.getString("phase")).as(rotation.encode()).isEqualTo("trust-propagating");
            assertThat(rotation.getJsonObject("holdingUp").getJsonArray("items").stream()
                            .map(i -> ((JsonObject) i).getString("name"))
                            .toList())
                    .as(rotation.encode())
                    .containsExactly(stale.name);
            assertThat(rotation.getJsonObject("holdingUp")
                            .getJsonArray("items")
                            .getJsonObject(0)
                            .getString("reason"))
                    .isEqualTo("lacks root");

            // renewed with renewed: fine
            assertThat(MtlsPairs.handshake(renewed.side(mesh), fleet.get(2).side(mesh))
                            .failures())
                    .isEmpty();
            // the stale dataplane serving: it refuses the renewed client's certificate from B
            var staleServes = MtlsPairs.handshake(stale.side(mesh), renewed.side(mesh));
            assertThat(staleServes.failures())
                    .anySatisfy(f -> assertThat(f)
                            .startsWith("server " + stale.name)
                            .containsAnyOf("PKIX path", "certification path"));
            // the stale dataplane connecting: it refuses the renewed server's certificate from B
            var staleConnects = MtlsPairs.handshake(renewed.side(mesh), stale.side(mesh));
            assertThat(staleConnects.failures())
                    .anySatisfy(f -> assertThat(f)
                            .startsWith("client " + stale.name)
                            .containsAnyOf("PKIX path", "certification path"));

            System.out.println("forced switch, the stale dataplane serving: " + staleServes.failures());
            System.out.println("forced switch, the stale dataplane connecting: " + staleConnects.failures());

            // and OpenSSL agrees, in both directions
            try (var serving = MtlsPairs.python(stale.side(mesh), renewed.side(mesh), Duration.ofMillis(100), temp);
                    var connecting =
                            MtlsPairs.python(renewed.side(mesh), stale.side(mesh), Duration.ofMillis(100), temp)) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> serving.failures().stream().anyMatch(f -> f.contains("fail server"))
                                && connecting.failures().stream().anyMatch(f -> f.contains("fail client")));
                assertThat(serving.ok()).isZero();
                assertThat(connecting.ok()).isZero();
                assertThat(serving.failures())
                        .filteredOn(f -> f.contains("fail server"))
                        .allMatch(f -> f.contains("certificate verify failed"), "the server's own verification");
                assertThat(connecting.failures())
                        .filteredOn(f -> f.contains("fail client"))
                        .allMatch(f -> f.contains("certificate verify failed"), "the client's own verification");
            }
            assertNoStoreErrors();
        }
    }

    @FunctionalInterface
    interface BackendAdder {
        Meshes add(Meshes mesh, String backend);
    }

    /** Counts each pair's successful handshakes per phase. */
    static final class Progress {
        final List<MtlsPairs.Pair> pairs;
        long[] last;
        final List<String> phases = new ArrayList<>();

        Progress(List<MtlsPairs.Pair> pairs) {
            this.pairs = pairs;
            this.last = new long[pairs.size()];
        }

        /** Waits until every pair completed at least three handshakes since the last call. */
        void awaitEveryPairHandshaking(String phase) {
            long[] from = last.clone();
            await(phase).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (int i = 0; i < pairs.size(); i++) {
                    var pair = pairs.get(i);
                    assertThat(pair.failures())
                            .as(pair.describe() + " in phase " + phase)
                            .isEmpty();
                    assertThat(pair.ok() - from[i])
                            .as(pair.describe() + " in phase " + phase)
                            .isGreaterThanOrEqualTo(3);
                }
            });
            long[] now = new long[pairs.size()];
            long total = 0;
            for (int i = 0; i < pairs.size(); i++) {
                now[i] = pairs.get(i).ok();
                total += now[i] - last[i];
            }
            phases.add(phase + ": " + total + " handshakes");
            last = now;
        }

        String summary() {
            return String.join("; ", phases);
        }
    }

    HttpResponse<String> put(String mesh, Meshes spec, boolean force, int expected) {
        var response = replicas.get(0).send("PUT", "/meshes/" + mesh + (force ? "?force=true" : ""), spec.json(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response;
    }

    /**
     * PUTs until the server accepts (the gate is open); while it refuses, the refusal must be Kuma's 400 on
     * {@code mtls.enabledBackend} or {@code mtls.backends}. Alternates the replicas.
     *
     * @return how many times it was refused
     */
    int retryUntilAccepted(String mesh, Meshes spec) {
        var refusals = new AtomicInteger();
        await("the gate for " + spec.json())
                .atMost(GATE)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    var response = replicas.get(refusals.get() % replicas.size())
                            .send("PUT", "/meshes/" + mesh, spec.json(), null);
                    if (response.statusCode() == 200) {
                        return true;
                    }
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                    assertThat(response.body()).containsAnyOf("mtls.enabledBackend", "mtls.backends");
                    refusals.incrementAndGet();
                    return false;
                });
        return refusals.get();
    }

    /** Waits for {@code GET /meshes/{mesh}/ca-rotation} to answer {@code phase}, asking both replicas in turn. */
    void awaitPhase(String mesh, String phase) {
        var asked = new AtomicInteger();
        var last = new String[1];
        await("phase " + phase + " (last answer: " + Arrays.toString(last) + ")")
                .atMost(GATE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    var response = replicas.get(asked.getAndIncrement() % replicas.size())
                            .get("/meshes/" + mesh + "/ca-rotation");
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    last[0] = response.body();
                    return phase.equals(new JsonObject(response.body()).getString("phase"));
                });
    }

    /** What the replicas logged since {@link #markOutput()}: a failed SQL statement is a server bug. */
    void assertNoStoreErrors() {
        for (int i = 0; i < replicas.size(); i++) {
            String output = replicas.get(i).process().output();
            String since = output.substring(Math.min(outputMarks[i], output.length()));
            assertThat(since.lines().filter(l -> l.contains("error executing SQL")))
                    .as(replicas.get(i).name() + " logged failed SQL")
                    .isEmpty();
        }
    }

    int[] outputMarks = new int[0];

    @BeforeEach
    void markOutput() {
        outputMarks =
                replicas.stream().mapToInt(r -> r.process().output().length()).toArray();
    }

    static void awaitFiles(DataplaneFleet fleet) {
        await("every agent wrote its files")
                .atMost(Duration.ofSeconds(60))
                .until(() -> fleet.members.stream().allMatch(DataplaneFleet.Member::hasFiles));
    }

    static List<X509Certificate> roots(DataplaneFleet.Member member) throws Exception {
        return MtlsPairs.read(member.dir).roots();
    }

    static X509Certificate onlyRoot(DataplaneFleet.Member member) throws Exception {
        var roots = roots(member);
        assertThat(roots).hasSize(1);
        return roots.get(0);
    }

    /**
     * What every bundle (but the excepted members') holds next to A's root once they all do: B's root, or for a
     * provided chain B's certificates; the same in every bundle.
     */
    static List<X509Certificate> awaitSecondRoot(
            DataplaneFleet fleet, X509Certificate rootA, Duration within, DataplaneFleet.Member... except)
            throws Exception {
        var exceptions = Arrays.asList(except);
        var trustB = new ArrayList<List<X509Certificate>>();
        await("every bundle holds B next to A").atMost(within).untilAsserted(() -> {
            trustB.clear();
            for (var member : fleet.members) {
                if (!exceptions.contains(member)) {
                    var roots = roots(member);
                    assertThat(roots).as(member.name).contains(rootA).hasSizeGreaterThan(1);
                    trustB.add(roots.stream().filter(r -> !r.equals(rootA)).toList());
                }
            }
        });
        for (var other : trustB) {
            assertThat(other).as("B's certificates in every bundle").isEqualTo(trustB.get(0));
        }
        return trustB.get(0);
    }

    /**
     * Whether the member's leaf chains to one of {@code trust} through the certificates it has (its {@code cert.pem} chain and
     * its bundle), each link checked by signature, not by name: two builtin roots share their subject.
     */
    static boolean issuedBy(DataplaneFleet.Member member, List<X509Certificate> trust) throws Exception {
        var files = MtlsPairs.read(member.dir);
        List<X509Certificate> candidates =
                new ArrayList<>(files.chain().subList(1, files.chain().size()));
        candidates.addAll(files.roots());
        X509Certificate current = files.chain().get(0);
        for (int depth = 0; depth < 5; depth++) {
            for (var anchor : trust) {
                if (signedBy(current, anchor)) {
                    return true;
                }
            }
            X509Certificate next = null;
            for (var candidate : candidates) {
                if (!candidate.equals(current) && signedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return false;
            }
            current = next;
        }
        return false;
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String fixture(String name) {
        try (var in = CaRotationHandshakeIT.class.getResourceAsStream("/kuma/provided-ca/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
