package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.meshtrust.testsupport.TlsTestClient;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code KUMA_API_SERVER_CORS_ALLOWED_DOMAINS} on both listeners: Kuma's (go-restful's) matching, exact ignoring case,
 * no regular expressions; the origin echoed; preflights answered before authentication.
 */
@QuarkusTest
@TestProfile(KumaGuiCorsTest.Profile.class)
class KumaGuiCorsTest {

    static final String GUI = "http://kuma-gui.example:8080";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kuma.api-server.cors-allowed-domains", GUI + ",HTTPS://Other.Example");
        }
    }

    @Inject
    HttpsPort httpsPort;

    @Test
    void preflightFromAllowedOriginIsAnsweredWithoutAuthentication() throws Exception {
        for (RequestSpecification client : clients()) {
            client.header("Origin", GUI)
                    .header("Access-Control-Request-Method", "PUT")
                    .header("Access-Control-Request-Headers", "authorization, content-type")
                    // an invalid token would be a 401 on a real request; a preflight never carries one anyway
                    .header("Authorization", "Bearer not-a-token")
                    .options("/meshes/default")
                    .then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(GUI))
                    .header("Access-Control-Allow-Methods", containsString("PUT"))
                    .header("Access-Control-Allow-Methods", containsString("GET"))
                    .header("Access-Control-Allow-Methods", containsString("DELETE"))
                    .header("Access-Control-Allow-Headers", containsString("Authorization"))
                    .header("Access-Control-Allow-Headers", containsString("Content-Type"))
                    .body(emptyString());
        }
    }

    @Test
    void actualRequestFromAllowedOriginGetsTheOriginEchoed() throws Exception {
        for (RequestSpecification client : clients()) {
            client.header("Origin", GUI)
                    .get("/global-insight")
                    .then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(GUI))
                    .header("Access-Control-Expose-Headers", equalTo("Access-Control-Allow-Origin"))
                    .header("Vary", containsString("Origin"));
        }
    }

    @Test
    void errorsCarryTheHeadersToo() {
        given().header("Origin", GUI)
                .get("/meshes/nope")
                .then()
                .statusCode(404)
                .header("Access-Control-Allow-Origin", equalTo(GUI));
    }

    @Test
    void guiOnAnotherOriginIsNotLocalhostAdminButReadsNonAdminTypes() {
        // The localhost-admin rule refuses cross-site browser requests; CORS does not change who the caller is.
        given().header("Origin", GUI)
                .header("Sec-Fetch-Site", "cross-site")
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(GUI))
                .body("name", equalTo("mesh-system:anonymous"));
        given().header("Origin", GUI)
                .get("/meshes")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(GUI));
        given().header("Origin", GUI)
                .get("/secrets")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", equalTo(GUI))
                .body("title", equalTo("Access Denied"));
    }

    @Test
    void originsMatchIgnoringCase() {
        given().header("Origin", "https://other.example")
                .get("/")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://other.example"));
    }

    @Test
    void otherOriginsGetNoCorsHeaders() throws Exception {
        // Entries are not regular expressions, and no prefix or suffix matches: go-restful v3 behaviour.
        for (String origin : List.of(
                "http://evil.example",
                GUI + ".evil.example",
                "http://kuma-gui.example",
                "http://kuma-guiXexample:8080")) {
            for (RequestSpecification client : clients()) {
                Response preflight = client.header("Origin", origin)
                        .header("Access-Control-Request-Method", "GET")
                        .options("/meshes");
                assertThat(preflight.header("Access-Control-Allow-Origin"))
                        .as(origin)
                        .isNull();
                assertThat(preflight.header("Access-Control-Allow-Methods"))
                        .as(origin)
                        .isNull();
            }
            given().header("Origin", origin)
                    .get("/")
                    .then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", nullValue());
        }
    }

    @Test
    void requestsWithoutOriginAreUntouched() {
        given().get("/").then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void preflightForAnUnknownMethodGetsNoCorsHeaders() {
        for (String method : List.of("GE", "TRACE", "CONNECT")) {
            given().header("Origin", GUI)
                    .header("Access-Control-Request-Method", method)
                    .options("/meshes")
                    .then()
                    .header("Access-Control-Allow-Origin", nullValue());
        }
    }

    @Test
    void preflightAskingForOtherHeadersGetsNoCorsHeaders() {
        given().header("Origin", GUI)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-custom")
                .options("/meshes")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private List<RequestSpecification> clients() throws Exception {
        List<X509Certificate> chain =
                TlsTestClient.serverChain("127.0.0.1", httpsPort.get().orElseThrow());
        return List.of(
                given(), TlsTestClient.restAssured(chain.get(0), httpsPort.get().orElseThrow()));
    }
}
