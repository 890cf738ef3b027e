package io.meshtrust.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dp certificate} against a running server (issue 7 point 7): a mesh whose builtin CA issues 6-second
 * certificates (renewAfter 4.8 s after issuance), the agent in a background thread with a dataplane token, at least
 * two renewals, and a reader that never sees a certificate that does not belong to the key next to it.
 */
@QuarkusTest
class DpCertificateAgainstServerTest {

    static final String MESH = "dp-agent";
    static final String PLAIN_MESH = "dp-agent-no-mtls";

    @TestHTTPResource("/")
    URL server;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    @TempDir
    Path tmp;

    @BeforeEach
    void meshWithShortLivedCertificates() {
        putMesh(Meshes.builtin(MESH).dpCertExpiration("6s"));
        putMesh(Meshes.plain(PLAIN_MESH));
        putDataplane(MESH);
        putDataplane(PLAIN_MESH);
        // other suites in this JVM may have emptied the store, signing keys included
        OnVertx.await(
                vertx,
                Duration.ofSeconds(30),
                "dataplane key",
                () -> keys.ensureDefault(SigningKeyFamily.DATAPLANE, MESH));
    }

    @AfterEach
    void cleanUp() {
        for (String mesh : List.of(MESH, PLAIN_MESH)) {
            given().delete("/meshes/" + mesh + "/dataplanes/web-1");
            given().delete("/meshes/" + mesh);
        }
    }

    @Test
    void renewsTwiceWhileEveryPairAReaderSeesMatchesAndChainsToTheCa() throws Exception {
        Path dir = tmp.resolve("certs");
        Path renewals = tmp.resolve("renewals.log");
        Path tokenFile = dataplaneToken();
        var context = Cli.controlPlane(tmp.resolve("config"), InstantSource.system(), server.toString());

        var result = new AtomicReference<Cli.Result>();
        Thread agent = new Thread(
                () -> result.set(Cli.run(
                        context,
                        "dp",
                        "certificate",
                        "--mesh",
                        MESH,
                        "--name",
                        "web-1",
                        "--dir",
                        dir.toString(),
                        "--token-file",
                        tokenFile.toString(),
                        "--on-renew",
                        "echo \"$MESHTRUST_CERT_SERIAL\" >> '" + renewals + "'")),
                "dp-agent-under-test");
        var problems = new CopyOnWriteArrayList<String>();
        Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
        var consistentReads = new AtomicInteger();
        var straddledReads = new AtomicInteger();
        var stopReading = new AtomicBoolean();
        Thread reader = new Thread(
                () -> {
                    while (!stopReading.get()) {
                        try {
                            // cert, key, ca, then cert again: a read that straddled a switch is detected and not judged
                            String cert = Files.readString(dir.resolve("cert.pem"));
                            var snapshot = new PairReader.Snapshot(
                                    cert,
                                    Files.readString(dir.resolve("key.pem")),
                                    Files.readString(dir.resolve("ca.pem")));
                            if (!cert.equals(Files.readString(dir.resolve("cert.pem")))) {
                                straddledReads.incrementAndGet();
                                continue;
                            }
                            String problem = PairReader.problem(snapshot);
                            if (problem != null) {
                                problems.add(problem);
                            }
                            seen.add(PairReader.certificate(cert).getSerialNumber());
                            consistentReads.incrementAndGet();
                        } catch (NoSuchFileException e) {
                            if (!seen.isEmpty()) {
                                problems.add("a file disappeared: " + e.getMessage());
                            }
                        } catch (Exception e) {
                            problems.add(e.toString());
                        }
                        try {
                            // pacing only, so that the reader does not spin a core away from the server; nothing waits
                            // on it
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "dp-agent-reader");
        reader.start();
        agent.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> lines(renewals).size() >= 3);
        } finally {
            stopReading.set(true);
            agent.interrupt();
            agent.join(30_000);
            reader.join(30_000);
        }

        assertThat(agent.isAlive()).isFalse();
        assertThat(result.get().err()).isEmpty();
        assertThat(result.get().exitCode()).isZero();
        assertThat(result.get().out()).endsWith("dp certificate: stopped\n");
        assertThat(lines(renewals)).doesNotHaveDuplicates();
        assertThat(problems).isEmpty();
        assertThat(consistentReads.get()).isPositive();
        assertThat(seen)
                .as("the reader saw the certificate change (%s straddled reads skipped)", straddledReads)
                .hasSizeGreaterThanOrEqualTo(2);

        var files = PairReader.read(dir);
        assertThat(PairReader.problem(files)).isNull();
        var san = PairReader.certificate(files.certificatePem()).getExtension(Extension.subjectAlternativeName);
        assertThat(GeneralNames.getInstance(san.getParsedValue()).getNames())
                .anySatisfy(n -> assertThat(n.getName().toString()).isEqualTo("spiffe://" + MESH + "/web"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // the server counted every issuance of the agent
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("state", Matchers.equalTo("valid"));
    }

    @Test
    void aChangeOfTheMeshsMtlsIsNoticedByTheCheckAndRenewsLongBeforeRenewAfter() throws Exception {
        // renewAfter 48 s after issuance; a change brings it within the spread window, 5 % of the lifetime: 3 s
        putMesh(Meshes.builtin(MESH).dpCertExpiration("60s"));
        Path dir = tmp.resolve("certs");
        Path renewals = tmp.resolve("renewals.log");
        Path tokenFile = dataplaneToken();
        var context = Cli.controlPlane(tmp.resolve("config"), InstantSource.system(), server.toString());
        var result = new AtomicReference<Cli.Result>();
        Thread agent = new Thread(
                () -> result.set(Cli.run(
                        context,
                        "dp",
                        "certificate",
                        "--mesh",
                        MESH,
                        "--name",
                        "web-1",
                        "--dir",
                        dir.toString(),
                        "--token-file",
                        tokenFile.toString(),
                        "--check-interval",
                        "1s",
                        "--on-renew",
                        "echo \"$MESHTRUST_CERT_SERIAL\" >> '" + renewals + "'")),
                "dp-agent-under-test");
        agent.start();
        String firstRenewAfter;
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> lines(renewals).size() == 1);
            firstRenewAfter = given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("renewAfter");
            // the heartbeats of the checks record contact
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                                    .path("lastSeen")
                            != null);
            // and state the agent's version, which the overview reports in meshtrust's subscription (the Kuma GUI's
            // version badge)
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> given().get("/meshes/" + MESH + "/dataplanes/web-1/_overview")
                            .then()
                            .statusCode(200)
                            .body(
                                    "dataplaneInsight.subscriptions.find { it.id == 'meshtrust' }.version",
                                    Matchers.equalTo(Map.of(
                                            "kumaDp",
                                            Map.of("version", "meshtrust-dp/" + BuildInfo.version()),
                                            "envoy",
                                            Map.of()))));
            putMesh(Meshes.builtin(MESH).dpCertExpiration("2m"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> lines(renewals).size() >= 2);
        } finally {
            agent.interrupt();
            agent.join(30_000);
        }
        assertThat(agent.isAlive()).isFalse();
        assertThat(result.get().exitCode()).isZero();
        assertThat(result.get().err()).isEmpty();
        // the new certificate follows the new settings (2 min), and was issued before the first one's renewAfter
        var files = PairReader.read(dir);
        assertThat(PairReader.problem(files)).isNull();
        var cert = PairReader.certificate(files.certificatePem());
        assertThat(Duration.between(
                        cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofSeconds(110));
        assertThat(cert.getNotBefore().toInstant().plusSeconds(10)).isBefore(Instant.parse(firstRenewAfter));
        assertThat(lines(renewals)).doesNotHaveDuplicates();
    }

    @Test
    void aTokenTheServerRejectsEndsTheAgentWithExitOne() throws Exception {
        Path tokenFile = tmp.resolve("bad-token");
        Files.writeString(tokenFile, "not.a.token");
        var context = Cli.controlPlane(tmp.resolve("config"), InstantSource.system(), server.toString());
        // from localhost too: a bearer token is always checked, so the agent cannot fall back to localhost-admin
        var r = Cli.run(
                context,
                "dp",
                "certificate",
                "--mesh",
                MESH,
                "--name",
                "web-1",
                "--dir",
                tmp.resolve("certs").toString(),
                "--token-file",
                tokenFile.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("Error: failed to issue a certificate for dataplane \"web-1\": (401): ")
                .doesNotContain("not.a.token");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(tmp.resolve("certs").resolve("cert.pem")).doesNotExist();
    }

    @Test
    void aMeshWithoutMtlsIsABadRequestNotRetried() {
        var context = Cli.controlPlane(tmp.resolve("config"), InstantSource.system(), server.toString());
        // no --token-file: the control plane's configured auth, here localhost-admin
        var r = Cli.run(
                context,
                "dp",
                "certificate",
                "--mesh",
                PLAIN_MESH,
                "--name",
                "web-1",
                "--dir",
                tmp.resolve("certs").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: failed to issue a certificate for dataplane \"web-1\": (400): ");
        assertThat(r.err().lines()).hasSize(1);
    }

    private Path dataplaneToken() throws Exception {
        String body = "{\"name\":\"web-1\",\"mesh\":\"" + MESH + "\",\"tags\":{\"kuma.io/service\":[\"web\"]},"
                + "\"validFor\":\"1h\"}";
        // a signing key created just now reaches the issuer and the validator through the change feed
        var token = new AtomicReference<String>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> token.set(given().header("Content-Type", "application/json")
                        .body(body)
                        .post("/tokens/dataplane")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().header("Host", "api.example.com")
                        .header("Authorization", "Bearer " + token.get())
                        .post("/meshes/" + MESH + "/dataplanes/web-1/heartbeat")
                        .then()
                        .statusCode(204));
        Path file = tmp.resolve("dp-token");
        Files.writeString(file, token.get());
        return file;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    static void putMesh(Meshes mesh) {
        mesh.put().then().statusCode(Matchers.oneOf(200, 201));
    }

    static void putDataplane(String mesh) {
        Dataplanes.web(mesh, "web-1").noServicePort().put().then().statusCode(Matchers.oneOf(200, 201));
    }
}
