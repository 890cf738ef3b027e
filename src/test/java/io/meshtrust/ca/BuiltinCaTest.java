package io.meshtrust.ca;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshtrust.ca.builtin.BuiltinCaManager;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mesh mTLS validation and the builtin CA through the API (docs/kuma-ca-insights.md §1.4, §2; Kuma tests §11.1, §11.4,
 * §11.5), certificates parsed independently with the JDK and Bouncy Castle.
 */
@QuarkusTest
class BuiltinCaTest {

    @Inject
    BuiltinCaManager builtin;

    @Inject
    Vertx vertx;

    @Inject
    ResourceStore store;

    @BeforeEach
    void clean() {
        for (String m : List.of("ca-mesh", "ca-typo", "ca-skip", "ca-bad")) {
            given().delete("/meshes/" + m);
        }
    }

    static String mesh(String name, String mtls) {
        return "{\"type\":\"Mesh\",\"name\":\"" + name + "\",\"mtls\":" + mtls + "}";
    }

    static String builtinBackend(String name, String conf) {
        return "{\"name\":\"" + name + "\",\"type\":\"builtin\"" + (conf == null ? "" : ",\"conf\":" + conf) + "}";
    }

    static Response put(String name, String body) {
        return given().header("Content-Type", "application/json").body(body).put("/meshes/" + name);
    }

    X509Certificate cert(String mesh, String backend) throws Exception {
        String data = given().get("/meshes/" + mesh + "/secrets/" + mesh + ".ca-builtin-cert-" + backend)
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        return PemCodec.parseCertificates(new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII))
                .get(0);
    }

    RSAPrivateCrtKey key(String mesh, String backend) throws Exception {
        String data = given().get("/meshes/" + mesh + "/secrets/" + mesh + ".ca-builtin-key-" + backend)
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        String pem = new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        return (RSAPrivateCrtKey) PemCodec.parsePrivateKey(pem);
    }

    @Test
    void createsTheRootWithKumasProfileWhenAMeshIsCreated() throws Exception {
        put("ca-mesh", Meshes.builtin("ca-mesh").json()).then().statusCode(201);
        X509Certificate root = cert("ca-mesh", "ca-1");
        assertThat(root.getSerialNumber()).isEqualTo(BigInteger.ZERO);
        X500Name subject = X500Name.getInstance(root.getSubjectX500Principal().getEncoded());
        assertThat(subject.toString()).isEqualTo("O=Kuma,OU=Mesh,CN=ca-mesh");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(root.getSubjectAlternativeNames()).containsExactly(List.of(6, "spiffe://ca-mesh"));
        assertThat(root.getExtendedKeyUsage()).isNull();
        assertThat(Duration.between(
                        root.getNotBefore().toInstant(), root.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3650).plusSeconds(10));
        root.verify(root.getPublicKey());
        RSAPrivateCrtKey key = key("ca-mesh", "ca-1");
        assertThat(key.getModulus()).isEqualTo(((RSAPublicKey) root.getPublicKey()).getModulus());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);

        // an update keeps the existing CA
        put("ca-mesh", Meshes.builtin("ca-mesh").json()).then().statusCode(200);
        assertThat(cert("ca-mesh", "ca-1")).isEqualTo(root);

        // deleting the mesh removes its CA
        given().delete("/meshes/ca-mesh").then().statusCode(200);
        put("ca-mesh", mesh("ca-mesh", "{}")).then().statusCode(201);
        given().get("/meshes/ca-mesh/secrets/ca-mesh.ca-builtin-cert-ca-1")
                .then()
                .statusCode(404);
    }

    @Test
    void honoursRsaBitsAndExpirationAndCreatesCasForDisabledBackendsToo() throws Exception {
        put(
                        "ca-mesh",
                        Meshes.plain("ca-mesh")
                                .builtinBackend("ca-2")
                                .rsaBits(3072)
                                .caExpiration("1m")
                                .json())
                .then()
                .statusCode(201);
        X509Certificate root = cert("ca-mesh", "ca-2");
        assertThat(Duration.between(
                        root.getNotBefore().toInstant(), root.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofSeconds(70));
        assertThat(((RSAPublicKey) root.getPublicKey()).getModulus().bitLength())
                .isEqualTo(3072);
    }

    @Test
    void badCaSettingsAre400AndNothingIsSaved() {
        put(
                        "ca-bad",
                        mesh(
                                "ca-bad",
                                "{\"backends\":[" + builtinBackend("ca-1", "{\"caCert\":{\"expiration\":\"abc\"}}")
                                        + "]}"))
                .then()
                .statusCode(400)
                .body("title", equalTo("Failed to create a resource"))
                .body("invalid_parameters[0].field", equalTo("mtls.backends[0].conf.caCert.expiration"));
        given().get("/meshes/ca-bad").then().statusCode(404);
        put(
                        "ca-bad",
                        mesh(
                                "ca-bad",
                                "{\"backends\":[" + builtinBackend("ca-1", "{\"caCert\":{\"RSAbits\":1024}}") + "]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls.backends[0].conf.caCert.RSAbits"));
        given().get("/meshes/ca-bad").then().statusCode(404);
        given().get("/meshes/ca-bad/secrets").then().statusCode(404);
    }

    @Test
    void kumaMeshManagerRules() {
        put("ca-typo", mesh("ca-typo", "{\"backends\":[{\"name\":\"ca-1\",\"type\":\"bulitin\"}]}"))
                .then()
                .statusCode(400)
                .body("title", equalTo("Failed to create a resource"))
                .body("invalid_parameters.field", equalTo(List.of("mtls.backends[0].type")))
                .body("invalid_parameters[0].reason", equalTo("could not find installed plugin for this type"));
        // A backend without a type was a NullPointerException (500); found by the fuzz suite.
        put("ca-notype", mesh("ca-notype", "{\"backends\":[{\"name\":\"ca-1\"}]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters.field", equalTo(List.of("mtls.backends[0].type")))
                .body("invalid_parameters[0].reason", equalTo("could not find installed plugin for this type"));
        given().get("/meshes/ca-notype").then().statusCode(404);
        put("ca-bad", mesh("ca-bad", "{\"backends\":[" + builtinBackend("builtinCA", null) + "]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls.backends[0].conf.mtls.backends.name"))
                .body("invalid_parameters[0].reason", equalTo("\"builtinCA\" name must be valid dns name"));
        String longName = String.join(".", Collections.nCopies(19, "backend-long"));
        put("ca-bad", mesh("ca-bad", "{\"backends\":[" + builtinBackend(longName, null) + "]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].reason", equalTo("Backend name is too long. Max length: 255"));
        put("ca-skip", mesh("ca-skip", "{\"skipValidation\":true,\"backends\":[" + builtinBackend("ca-1", null) + "]}"))
                .then()
                .statusCode(201);
        given().get("/meshes/ca-skip/secrets/ca-skip.ca-builtin-cert-ca-1")
                .then()
                .statusCode(200);
    }

    @Test
    void kumaMeshSpecRules() {
        put(
                        "ca-bad",
                        mesh(
                                "ca-bad",
                                "{\"backends\":[" + builtinBackend("backend-1", null) + ","
                                        + builtinBackend("backend-1", null) + "]}"))
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not process a resource"))
                // Kuma also says "cannot have more than 1 backends"; meshtrust allows several (issue 15 point 1).
                .body("invalid_parameters.field", equalTo(List.of("mtls.backends[1].name")))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("\"backend-1\" name is already used for another backend"));
        put(
                        "ca-bad",
                        mesh(
                                "ca-bad",
                                "{\"enabledBackend\":\"backend-2\",\"backends\":[" + builtinBackend("backend-1", null)
                                        + "]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls.enabledBackend"))
                .body("invalid_parameters[0].reason", equalTo("has to be set to one of the backends in the mesh"));
        put(
                        "ca-bad",
                        mesh(
                                "ca-bad",
                                "{\"backends\":[{\"name\":\"b\",\"type\":\"builtin\",\"dpCert\":{\"rotation\":"
                                        + "{\"expiration\":\"2e\"}}}]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls.dpcert.rotation.expiration"))
                .body("invalid_parameters[0].reason", equalTo("has to be a valid format"));
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Mesh\",\"name\":\"ca-bad\",\"routing\":{\"zoneEgress\":true}}")
                .put("/meshes/ca-bad")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls"))
                .body("invalid_parameters[0].reason", equalTo("has to be set when zoneEgress enabled"));
        put(
                        "ca-bad",
                        mesh(
                                "ca-bad",
                                "{\"enabledBackend\":\"builtin-1\",\"backends\":[{\"name\":\"builtin-1\","
                                        + "\"type\":\"builtin\",\"dpCert\":{\"rotation\":{\"expiration\":\"2y\"}}}]}"))
                .then()
                .statusCode(201);
    }

    @Test
    void enabledCaSwitchIsGatedNotForbiddenAndADisabledOneCanBeChanged() {
        put("ca-mesh", Meshes.builtin("ca-mesh").json()).then().statusCode(201);
        // Kuma's mesh_manager_test refuses this ("Changing CA when mTLS is enabled is forbidden"); meshtrust gates the
        // switch on the data planes' progress (rotation/RotationGate), and with no dataplane nothing can break.
        put(
                        "ca-mesh",
                        Meshes.plain("ca-mesh")
                                .builtinBackend("ca-2")
                                .enabled("ca-2")
                                .json())
                .then()
                .statusCode(200);
        given().get("/meshes/ca-mesh/secrets/ca-mesh.ca-builtin-cert-ca-2")
                .then()
                .statusCode(200);
        put("ca-mesh", Meshes.builtin("ca-mesh").disabled().json()).then().statusCode(200);
        put(
                        "ca-mesh",
                        Meshes.plain("ca-mesh")
                                .builtinBackend("ca-2")
                                .enabled("ca-2")
                                .json())
                .then()
                .statusCode(200);
        given().get("/meshes/ca-mesh/secrets/ca-mesh.ca-builtin-cert-ca-2")
                .then()
                .statusCode(200);
    }

    @Test
    void racingReplicasCreateExactlyOneMatchingPair() throws Exception {
        put("ca-mesh", mesh("ca-mesh", "{}")).then().statusCode(201);
        OnVertx.await(
                vertx,
                Duration.ofMinutes(2),
                "race",
                () -> Uni.join()
                        .all(IntStream.range(0, 4)
                                .mapToObj(i -> builtin.ensure("ca-mesh", backend("race")))
                                .toList())
                        .andFailFast());
        X509Certificate root = cert("ca-mesh", "race");
        assertThat(key("ca-mesh", "race").getModulus()).isEqualTo(((RSAPublicKey) root.getPublicKey()).getModulus());
        given().get("/meshes/ca-mesh/secrets?name=ca-builtin-cert-race").then().body("total", equalTo(1));
    }

    @Test
    void aPairWithOnlyOneHalfLeftIsReportedNotReplaced() {
        put("ca-mesh", mesh("ca-mesh", "{}")).then().statusCode(201);
        OnVertx.await(vertx, Duration.ofMinutes(1), "create", () -> builtin.ensure("ca-mesh", backend("half")));
        OnVertx.await(
                vertx,
                Duration.ofSeconds(10),
                "delete",
                () -> store.delete(BuiltinCaManager.certSecret("ca-mesh", "half")));
        // the second look at the pair still finds one half: a broken pair is refused, never silently regenerated
        assertThatThrownBy(() -> OnVertx.await(
                        vertx, Duration.ofSeconds(10), "ensure", () -> builtin.ensure("ca-mesh", backend("half"))))
                .hasStackTraceContaining(
                        "only one of ca-mesh.ca-builtin-cert-half and ca-mesh.ca-builtin-key-half exists");
        given().get("/meshes/ca-mesh/secrets?name=ca-builtin-key-half").then().body("total", equalTo(1));
    }

    private static Mesh.Backend backend(String name) {
        return new Mesh.Backend(name, BuiltinCaManager.TYPE, null, null, null, JsonNodeFactory.instance.objectNode());
    }
}
