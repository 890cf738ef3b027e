package io.meshtrust.certificates;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.meshtrust.testsupport.Csrs;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.SettableClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Minting backs off after CA failures (docs/kuma-ca-insights.md §5.3) with the default settings (base 5 s, max 5 min, 10
 * proxies): a provided CA whose files do not exist fails; the same dataplane is then refused with Kuma's
 * {@code backing off ...} message without the CA being called (the {@code cert_generation_failure} count does not
 * move), until the backoff elapses on the app clock; ten failing dataplanes open the circuit for the whole backend.
 * Each test uses meshes of its own: the limiter lives as long as the application, which other test classes share.
 */
@QuarkusTest
class DataplaneCertificatesBackoffTest {

    static final String BACKING_OFF = "backing off certificate generation for mesh \"%s\" backend \"p-1\" after a "
            + "previous failure (retry after ";
    static final AtomicInteger MESHES = new AtomicInteger();

    @Inject
    SettableClock clock;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource(value = "", management = true)
    URL management;

    final List<String> meshes = new ArrayList<>();
    Instant now;

    @BeforeEach
    void fixClock() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
    }

    @AfterEach
    void cleanUp() {
        clock.reset();
        for (String mesh : meshes) {
            for (var name :
                    given().get("/meshes/" + mesh + "/dataplanes").jsonPath().getList("items.name", String.class)) {
                given().delete("/meshes/" + mesh + "/dataplanes/" + name);
            }
            given().delete("/meshes/" + mesh);
        }
    }

    @Test
    void retriesTheSameDataplaneOnlyAfterTheBackoffWithoutCallingTheCa() {
        String mesh = brokenMesh(Path.of("/nonexistent"));
        dataplane(mesh, "dp-1");

        mint(mesh, "dp-1")
                .then()
                .statusCode(503)
                .body("detail", startsWith("failed to load CA key pair for Mesh \"" + mesh + "\" and backend \"p-1\""));
        assertThat(failures(mesh)).isEqualTo(1);

        Response refused = mint(mesh, "dp-1");
        refused.then()
                .statusCode(503)
                .body("title", equalTo("Could not issue a certificate"))
                .body("detail", matchesPattern(Pattern.quote(BACKING_OFF.formatted(mesh)) + "[0-9.]+m?s\\)"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 10L);
        assertThat(failures(mesh))
                .as("the CA was not called, and a refusal is not a failure")
                .isEqualTo(1);

        clock.set(now.plusSeconds(11)); // base 5 s ± 5 s of jitter
        mint(mesh, "dp-1").then().statusCode(503).body("detail", startsWith("failed to load CA key pair"));
        assertThat(failures(mesh)).isEqualTo(2);
        mint(mesh, "dp-1").then().statusCode(503).body("detail", startsWith(BACKING_OFF.formatted(mesh)));
        assertThat(failures(mesh)).isEqualTo(2);
    }

    @Test
    void anotherDataplaneIsNotHeldBackByOneDataplanesBackoff() {
        String mesh = brokenMesh(Path.of("/nonexistent"));
        dataplane(mesh, "dp-1");
        dataplane(mesh, "dp-2");

        mint(mesh, "dp-1").then().statusCode(503);
        mint(mesh, "dp-2").then().statusCode(503).body("detail", startsWith("failed to load CA key pair"));
        assertThat(failures(mesh)).isEqualTo(2);
    }

    @Test
    void tenFailingDataplanesOpenTheCircuitForEveryDataplaneOfTheBackend() {
        String mesh = brokenMesh(Path.of("/nonexistent"));
        for (int i = 1; i <= 11; i++) {
            dataplane(mesh, "dp-" + i);
        }
        for (int i = 1; i <= 10; i++) {
            mint(mesh, "dp-" + i).then().statusCode(503).body("detail", startsWith("failed to load CA key pair"));
        }
        assertThat(failures(mesh)).isEqualTo(10);
        assertThat(registry.get("cert_generation_circuit_open").gauge().value()).isGreaterThanOrEqualTo(1.0);

        Response refused = mint(mesh, "dp-11");
        refused.then().statusCode(503).body("detail", equalTo(BACKING_OFF.formatted(mesh) + "5m0s)"));
        assertThat(refused.header("Retry-After")).isEqualTo("300");
        assertThat(failures(mesh)).as("the CA was not called").isEqualTo(10);

        // cooldown (= max backoff) over: one probe reaches the CA, fails, and the circuit opens again
        clock.set(now.plus(Duration.ofMinutes(5)));
        mint(mesh, "dp-11").then().statusCode(503).body("detail", startsWith("failed to load CA key pair"));
        assertThat(failures(mesh)).isEqualTo(11);
        mint(mesh, "dp-1").then().statusCode(503).body("detail", equalTo(BACKING_OFF.formatted(mesh) + "5m0s)"));
        assertThat(failures(mesh)).isEqualTo(11);
    }

    @Test
    void mintsAgainOnceTheCaIsFixedAndTheBackoffElapsed() throws IOException {
        Path dir = Files.createTempDirectory("limiter-ca");
        String mesh = brokenMesh(dir);
        dataplane(mesh, "dp-1");
        try {
            mint(mesh, "dp-1").then().statusCode(503).body("detail", startsWith("failed to load CA key pair"));

            Files.writeString(dir.resolve("ca.pem"), fixture("ca.pem"));
            Files.writeString(dir.resolve("ca.key"), fixture("ca.key"));
            mint(mesh, "dp-1").then().statusCode(503).body("detail", startsWith(BACKING_OFF.formatted(mesh)));

            clock.set(now.plusSeconds(11));
            mint(mesh, "dp-1").then().statusCode(200).body("backend", equalTo("p-1"));
            mint(mesh, "dp-1").then().statusCode(200); // the success forgot the backoff
            assertThat(failures(mesh)).isEqualTo(1);
        } finally {
            Files.deleteIfExists(dir.resolve("ca.pem"));
            Files.deleteIfExists(dir.resolve("ca.key"));
            Files.delete(dir);
        }
    }

    @Test
    void healthyMeshIsUnaffectedByAnotherMeshsOpenCircuit() {
        String broken = brokenMesh(Path.of("/nonexistent"));
        String healthy = mesh(Meshes::builtin);
        dataplane(healthy, "dp-1");
        for (int i = 1; i <= 10; i++) {
            dataplane(broken, "dp-" + i);
            mint(broken, "dp-" + i).then().statusCode(503);
        }
        mint(healthy, "dp-1").then().statusCode(200).body("backend", equalTo("ca-1"));
        mint(healthy, "dp-1").then().statusCode(200);
        assertThat(failures(healthy)).isZero();
    }

    @Test
    void prometheusShowsKumasGaugesUnderKumasNames() {
        String mesh = brokenMesh(Path.of("/nonexistent"));
        for (int i = 1; i <= 10; i++) {
            dataplane(mesh, "dp-" + i);
            mint(mesh, "dp-" + i).then().statusCode(503);
        }
        String text = given().port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(text).containsPattern("(?m)^cert_generation_circuit_open(\\{[^}]*})? [1-9][0-9]*\\.0$");
        assertThat(text).containsPattern("(?m)^cert_generation_backoff(\\{[^}]*})? [1-9][0-9]*\\.0$");
    }

    @Test
    void clientErrorsAreNotBackedOff() {
        String plain = mesh(Meshes::plain);
        dataplane(plain, "dp-1");
        for (int i = 0; i < 3; i++) {
            mint(plain, "dp-1").then().statusCode(400);
            mint(plain, "missing").then().statusCode(404);
        }
        assertThat(failures(plain)).isZero();
    }

    /**
     * Issue 14, point 4: the whole request is checked before the CA or the limiter is consulted. On a mesh whose CA
     * cannot be loaded, a CSR that is not PEM and one whose signature does not verify are 400s on {@code csr}, not
     * 503s; they count no failure and start no backoff; and a dataplane that is backing off still hears that its CSR
     * is bad.
     */
    @Test
    void aBadCsrIsA400BeforeABrokenCaOrTheBackoffIsConsulted() {
        String mesh = brokenMesh(Path.of("/nonexistent"));
        dataplane(mesh, "dp-1");
        String notPem = "MIIBkTCB+wIBADBSMQswCQYDVQQGEwJ";
        String badSignature =
                Csrs.pem(Csrs.ec("secp256r1").getPublic(), Csrs.ec("secp256r1").getPrivate());
        for (String csr : List.of(notPem, badSignature)) {
            DataplaneCertificatesTest.mint(mesh, "dp-1", DataplaneCertificatesTest.json(csr))
                    .then()
                    .statusCode(400)
                    .body("title", equalTo("Could not issue a certificate"))
                    .body("invalid_parameters[0].field", equalTo("csr"));
        }
        assertThat(failures(mesh)).as("a bad request is not a CA failure").isZero();

        mint(mesh, "dp-1").then().statusCode(503).body("detail", startsWith("failed to load CA key pair"));
        mint(mesh, "dp-1").then().statusCode(503).body("detail", startsWith(BACKING_OFF.formatted(mesh)));
        DataplaneCertificatesTest.mint(mesh, "dp-1", DataplaneCertificatesTest.json(badSignature))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("csr"))
                .body("invalid_parameters[0].reason", startsWith("signature does not verify"));
        assertThat(failures(mesh)).isEqualTo(1);
    }

    // ---- helpers

    String brokenMesh(Path caDir) {
        return mesh(name -> Meshes.plain(name)
                .providedFileBackend("p-1", caDir.resolve("ca.pem"), caDir.resolve("ca.key"))
                .enabled("p-1")
                .skipValidation());
    }

    String mesh(Function<String, Meshes> mesh) {
        String name = "backoff-" + MESHES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
        meshes.add(name);
        mesh.apply(name).put().then().statusCode(201);
        return name;
    }

    static void dataplane(String mesh, String name) {
        DataplaneCertificatesTest.putDataplane(DataplaneCertificatesTest.dataplane(mesh, name));
    }

    static Response mint(String mesh, String name) {
        return DataplaneCertificatesTest.mint(mesh, name, "{}");
    }

    long failures(String mesh) {
        Gauge gauge = registry.find("cert_generation_failure").tag("mesh", mesh).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    static String fixture(String name) throws IOException {
        try (var in = DataplaneCertificatesBackoffTest.class.getResourceAsStream("/kuma/provided-ca/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
