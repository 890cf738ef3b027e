package io.meshtrust.certificates;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may mint: the data plane with a dataplane token for that mesh and name (claims checked as Kuma's DP server does,
 * docs/kuma-tokens.md §11.3), or an admin; anyone else gets 403, a bad token 401.
 */
@QuarkusTest
class DataplaneCertificateAuthTest {

    static final String MESH = DataplaneCertificatesTest.MESH;
    static final String OTHER_MESH = DataplaneCertificatesTest.OTHER_MESH;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    @BeforeEach
    void meshes() {
        // other suites in this JVM may have emptied the store, user-token signing key included
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        new DataplaneCertificatesTest().meshWithBuiltinCa();
    }

    static String token(String path, String body) {
        // a signing key created just now reaches the issuer through the change feed
        String[] token = new String[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> token[0] = given().header("Content-Type", "application/json")
                        .body(body)
                        .post(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        return token[0];
    }

    /** As a remote caller (not localhost-admin), with an optional bearer token. */
    static Response mintAs(String bearer, String mesh, String name) {
        var request = given().header("Host", "api.example.com")
                .header("Content-Type", "application/json")
                .body("{}");
        if (bearer != null) {
            request = request.header("Authorization", "Bearer " + bearer);
        }
        return request.post("/meshes/" + mesh + "/dataplanes/" + name + "/certificate");
    }

    @Test
    void theDataplanesOwnTokenMints() {
        String token = token(
                "/tokens/dataplane",
                "{\"name\":\"web-1\",\"mesh\":\"" + MESH + "\",\"tags\":"
                        + "{\"kuma.io/service\":[\"web\"]},\"validFor\":\"1h\"}");
        // the mesh's signing key reaches the validator through the change feed
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> mintAs(token, MESH, "web-1")
                        .then()
                        .statusCode(200)
                        .body("spiffeId", equalTo("spiffe://certs/web")));
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .post("/meshes/" + MESH + "/dataplanes/web-1/heartbeat")
                .then()
                .statusCode(204);
        // the same token for another dataplane of the mesh
        mintAs(token, MESH, "backend-1")
                .then()
                .statusCode(403)
                .body("detail", equalTo("proxy name from requestor: backend-1 is different than in token: web-1"));
        // a mesh-wide token (no name) serves any dataplane of its mesh
        String meshWide = token("/tokens/dataplane", "{\"mesh\":\"" + MESH + "\",\"validFor\":\"1h\"}");
        mintAs(meshWide, MESH, "backend-1").then().statusCode(200);
    }

    @Test
    void tokenTagsMustMatchTheDataplane() {
        String token = token(
                "/tokens/dataplane",
                "{\"mesh\":\"" + MESH + "\",\"tags\":" + "{\"kuma.io/service\":[\"backend\"]},\"validFor\":\"1h\"}");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> mintAs(token, MESH, "backend-1").then().statusCode(200));
        mintAs(token, MESH, "web-1")
                .then()
                .statusCode(403)
                .body("detail", containsString("tag \"kuma.io/service\" with value \"web\" which is not allowed"));
    }

    @Test
    void tokensOfAnotherMeshOrForgedTokensAreUnauthenticated() {
        String other =
                token("/tokens/dataplane", "{\"name\":\"web-1\",\"mesh\":\"" + OTHER_MESH + "\",\"validFor\":\"1h\"}");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> mintAs(other, OTHER_MESH, "web-1").then().statusCode(200));
        mintAs(other, MESH, "web-1").then().statusCode(401).body("title", equalTo("Invalid authentication data"));
        mintAs("not.a.token", MESH, "web-1").then().statusCode(401);
        // and the same bearer on any other path is still a bad user token
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + other)
                .get("/meshes")
                .then()
                .statusCode(401);
    }

    @Test
    void anonymousAndOrdinaryUsersAreDenied() {
        mintAs(null, MESH, "web-1").then().statusCode(403).body("title", equalTo("Access Denied"));
        given().header("Host", "api.example.com")
                .get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(403);
        String alice = token("/tokens/user", "{\"name\":\"alice\",\"groups\":[\"team\"],\"validFor\":\"1h\"}");
        mintAs(alice, MESH, "web-1")
                .then()
                .statusCode(403)
                .body("detail", containsString("user \"alice/team,mesh-system:authenticated\""));
        // a denied caller learns nothing about which dataplanes exist
        mintAs(null, MESH, "no-such-dataplane").then().statusCode(403);
    }

    @Test
    void adminsMintForAnyDataplane() {
        given().header("Content-Type", "application/json")
                .body("{}")
                .post("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200);
        String admin =
                token("/tokens/user", "{\"name\":\"ops\",\"groups\":[\"mesh-system:admin\"],\"validFor\":\"1h\"}");
        mintAs(admin, MESH, "backend-1").then().statusCode(200);
    }
}
