package io.meshtrust.ca.remote;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.Csrs;
import io.meshtrust.testsupport.Dataplanes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.Json;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CA backend port carries a new type end to end (issue 14 point 1): {@link RemoteCaBackend}, one test-only class
 * in its own package, is validated, used for minting and served as the mesh's trust bundle, with no other change.
 */
@QuarkusTest
class NewBackendTypeTest {

    static final String MESH = "remote-ca";

    @Inject
    RemoteCaBackend remote;

    private static String mesh(String name, String conf) {
        return "{\"type\":\"Mesh\",\"name\":\"" + name
                + "\",\"mtls\":{\"enabledBackend\":\"r-1\",\"backends\":[{\"name\":" + "\"r-1\",\"type\":\""
                + RemoteCaBackend.TYPE + "\",\"conf\":" + conf + "}]}}";
    }

    @Test
    void itsValidationIsTheMeshsValidation() {
        given().contentType("application/json")
                .body(mesh("remote-bad", "{}"))
                .put("/meshes/remote-bad")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls.backends[0].conf.organization"))
                .body("invalid_parameters[0].reason", equalTo("cannot be empty"));
        given().get("/meshes/remote-bad").then().statusCode(404);
    }

    @Test
    void aDataplaneGetsALeafItSignedAndItsRootAsTheBundle() throws Exception {
        given().contentType("application/json")
                .body(mesh(MESH, "{\"organization\":\"acme\"}"))
                .put("/meshes/" + MESH)
                .then()
                .statusCode(oneOf(200, 201));
        Dataplanes.web(MESH, "web-1").put().then().statusCode(oneOf(200, 201));
        String csr = Csrs.pem(Csrs.ec("secp256r1"));
        JsonPath answer = given().contentType("application/json")
                .body("{\"csr\":" + Json.encode(csr) + "}")
                .post("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("backend", equalTo("r-1"))
                .body("spiffeId", equalTo("spiffe://" + MESH + "/web"))
                .extract()
                .jsonPath();

        X509Certificate ca = remote.certificateOf(MESH, "r-1");
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=remote,O=acme");
        List<X509Certificate> leaf = PemCodec.parseCertificates(answer.getString("certificate"));
        leaf.get(0).verify(ca.getPublicKey());
        assertThat(leaf.get(0).getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(PemCodec.parseCertificates(answer.getString("caBundle"))).containsExactly(ca);
    }
}
