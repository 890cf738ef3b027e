package io.meshtrust.ca;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshtrust.ca.builtin.BuiltinCaManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory CA material follows changes (docs/kuma-ca-insights.md §5; issue 4 point 6): a provided secret updated, a
 * CA switched after disabling mTLS, the mesh deleted.
 */
@QuarkusTest
class CaMaterialCacheTest {

    static final String MESH = "cache-mesh";

    @Inject
    CaMaterialCache cache;

    @Inject
    Vertx vertx;

    @Inject
    ResourceStore store;

    @BeforeEach
    void clean() {
        given().delete("/meshes/" + MESH);
    }

    CaMaterial material() {
        return OnVertx.await(vertx, Duration.ofSeconds(30), "ca", () -> cache.get(MESH));
    }

    static void put(String body) {
        given().header("Content-Type", "application/json")
                .body(body)
                .put("/meshes/" + MESH)
                .then()
                .statusCode(Matchers.oneOf(200, 201));
    }

    static void putSecret(String name, String pem) {
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"" + MESH + "\",\"name\":\""
                        + name + "\",\"data\":\""
                        + Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII))
                        + "\"}")
                .put("/meshes/" + MESH + "/secrets/" + name)
                .then()
                .statusCode(Matchers.oneOf(200, 201));
    }

    @Test
    void providedCaThatCannotBeLoadedGivesKumasMessage() {
        // skipValidation lets a backend with a missing file through, as in Kuma's manager test (§11.2 #16)
        put(Meshes.plain(MESH)
                .providedFileBackend("provided-2", "testdata/invalid.pem", "testdata/invalid.key")
                .enabled("provided-2")
                .skipValidation()
                .json());
        assertThatThrownBy(this::material)
                .hasRootCauseMessage(
                        "failed to load CA key pair for Mesh \"" + MESH
                                + "\" and backend \"provided-2\": could not load data: open testdata/invalid.key: no such file or directory");
    }

    @Test
    void followsProvidedSecretUpdatesBackendSwitchesAndMeshDeletion() {
        put(Meshes.plain(MESH).json());
        assertThatThrownBy(this::material).hasRootCauseInstanceOf(CaMaterialCache.MtlsDisabledException.class);

        putSecret("ca-cert", ProvidedCaTest.fixture("ca.pem"));
        putSecret("ca-key", ProvidedCaTest.fixture("ca.key"));
        put(Meshes.plain(MESH)
                .providedBackend("p", "ca-cert", "ca-key")
                .enabled("p")
                .json());
        await().atMost(Duration.ofSeconds(5)).until(() -> material().backend().equals("p"));
        assertThat(material().issuer().getSubjectX500Principal().getName()).contains("CN=default");
        assertThat(material()).isSameAs(material()); // served from memory
        assertThat(material().bundlePem()).isEqualTo(ProvidedCaTest.fixture("ca.pem")); // Kuma: the whole blob

        putSecret("ca-cert", ProvidedCaTest.fixture("root-ca.pem"));
        putSecret("ca-key", ProvidedCaTest.fixture("root-ca.key"));
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        material().issuer().getSubjectX500Principal().getName().contains("CN=KumaCA"));

        put(Meshes.plain(MESH).providedBackend("p", "ca-cert", "ca-key").json());
        put(Meshes.plain(MESH).builtinBackend("b").enabled("b").json());
        await().atMost(Duration.ofSeconds(5)).until(() -> material().backend().equals("b"));
        assertThat(material().issuer().getSerialNumber()).isEqualTo(BigInteger.ZERO);
        assertThat(material().bundlePem()).startsWith("-----BEGIN CERTIFICATE-----");

        // the builtin CA's secrets gone (unsafe, but possible through the store): Kuma's message
        OnVertx.await(
                vertx, Duration.ofSeconds(10), "drop", () -> store.delete(BuiltinCaManager.certSecret(MESH, "b")));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThatThrownBy(this::material)
                        .hasRootCauseMessage("failed to load CA key pair for Mesh \"" + MESH
                                + "\" and backend \"b\": resource " + "not found: type=\"Secret\" name=\"" + MESH
                                + ".ca-builtin-cert-b\" mesh=\"" + MESH + "\""));

        given().delete("/meshes/" + MESH).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThatThrownBy(this::material).hasRootCauseInstanceOf(MeshNotFoundException.class));
    }
}
