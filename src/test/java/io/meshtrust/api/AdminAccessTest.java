package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kuma's {@code pkg/api-server/auth_test.go} (docs/kuma-tokens.md §17.8) over real HTTP: admin-only Secrets and
 * GlobalSecrets are open to a direct localhost request and closed to anything that looks proxied, cross-site or
 * addressed to another host.
 */
@QuarkusTest
class AdminAccessTest {

    @TestHTTPResource("/")
    URL base;

    private String localHost() {
        return "localhost:" + base.getPort();
    }

    @Test
    void localhostRequestIsAdmin() {
        given().get("/secrets").then().statusCode(200);
        given().get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("mesh-system:admin"))
                .body("groups", hasItems("mesh-system:admin", "mesh-system:authenticated"));
    }

    @Test
    void requestForAnotherHostGetsKumaForbiddenBody() {
        var body = given().header("Host", "api.example.com")
                .get("/secrets")
                .then()
                .statusCode(403)
                .extract()
                .asString();
        Golden.assertMatches("api/auth-admin-non-localhost.golden.json", body, "");
    }

    @Test
    void anonymousIsReportedByWhoAmI() {
        given().header("Host", "api.example.com")
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("mesh-system:anonymous"))
                .body("groups", equalTo(List.of("mesh-system:unauthenticated")));
    }

    @Test
    void crossSiteOriginIsNotAdmin() {
        given().header("Host", localHost())
                .header("Origin", "https://evil.com")
                .get("/secrets")
                .then()
                .statusCode(403)
                .body("title", equalTo("Access Denied"));
    }

    @Test
    void sameOriginIsAdmin() {
        given().header("Host", localHost())
                .header("Origin", "http://" + localHost())
                .get("/secrets")
                .then()
                .statusCode(200);
    }

    @Test
    void forwardedRequestIsNotAdmin() {
        given().header("X-Forwarded-For", "203.0.113.1")
                .get("/global-secrets")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        equalTo("user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access "
                                + "the resource of type \"GlobalSecret\""));
    }

    @Test
    void nonAdminCannotWriteSecretsAndNothingIsStored() {
        given().put("/meshes/acc").then().statusCode(400); // no body: nothing created
        Meshes.plain("acc").put().then().statusCode(201);
        given().header("Host", "api.example.com")
                .header("Content-Type", "application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"acc\",\"name\":\"s\",\"data\":\"YQ==\"}")
                .put("/meshes/acc/secrets/s")
                .then()
                .statusCode(403);
        given().get("/meshes/acc/secrets/s").then().statusCode(404);
        given().delete("/meshes/acc").then().statusCode(200);
    }

    @Test
    void nonAdminCanReadMeshes() {
        given().header("Host", "api.example.com").get("/meshes").then().statusCode(200);
    }
}
