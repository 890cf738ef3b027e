package io.meshtrust.tokens;

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
import java.net.URL;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Token activity on {@code /q/metrics}: every series exists before any event, issuing and checking tokens move exactly
 * their own series, and the labels never carry a user, a mesh or a token.
 */
@QuarkusTest
class TokenMetricsTest {

    static final String MESH = "token-metrics";

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    String scrape() {
        return given().port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    static double sample(String scrape, String name, String labels) {
        // Micrometer writes the labels in name order: family; kind before result
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + labels) + ",?\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        assertThat(m.find()).as(name + "{" + labels + "} in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    static double issued(String scrape, String family) {
        return sample(scrape, "meshtrust_tokens_issued_total", "family=\"" + family + "\"");
    }

    static double validations(String scrape, String kind, String result) {
        return sample(scrape, "meshtrust_token_validations_total", "kind=\"" + kind + "\",result=\"" + result + "\"");
    }

    @Test
    void everySeriesIsThereFromTheStart() {
        String scrape = scrape();
        for (String family : new String[] {"user", "dataplane", "zone"}) {
            assertThat(issued(scrape, family)).isGreaterThanOrEqualTo(0);
        }
        for (String kind : new String[] {"user", "dataplane"}) {
            assertThat(validations(scrape, kind, "valid")).isGreaterThanOrEqualTo(0);
            assertThat(validations(scrape, kind, "rejected")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void issuingAndCheckingTokensMoveTheirOwnSeries() {
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        Meshes.builtin(MESH).put().then().statusCode(201);
        Dataplanes.web(MESH, "web-1").noServicePort().put().then().statusCode(201);
        try {
            String before = scrape();

            String user = given().header("Content-Type", "application/json")
                    .body("{\"name\":\"metrics@example.com\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                    .post("/tokens/user")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            String dataplane = given().header("Content-Type", "application/json")
                    .body("{\"name\":\"web-1\",\"mesh\":\"" + MESH + "\",\"validFor\":\"1h\"}")
                    .post("/tokens/dataplane")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            // a remote caller, so that only the token can make it anyone
            for (int i = 0; i < 3; i++) {
                given().header("Host", "api.example.com")
                        .header("Authorization", "Bearer " + user)
                        .get("/who-am-i")
                        .then()
                        .statusCode(200);
            }
            given().header("Host", "api.example.com")
                    .header("Authorization", "Bearer " + user + "x")
                    .get("/who-am-i")
                    .then()
                    .statusCode(401);
            given().header("Host", "api.example.com")
                    .header("Authorization", "Bearer " + dataplane)
                    .header("Content-Type", "application/json")
                    .body("{}")
                    .post("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                    .then()
                    .statusCode(200);
            given().header("Host", "api.example.com")
                    .header("Authorization", "Bearer " + user)
                    .header("Content-Type", "application/json")
                    .body("{}")
                    .post("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                    .then()
                    .statusCode(403);

            String after = scrape();
            assertThat(issued(after, "user") - issued(before, "user")).isEqualTo(1);
            assertThat(issued(after, "dataplane") - issued(before, "dataplane")).isEqualTo(1);
            assertThat(issued(after, "zone") - issued(before, "zone")).isZero();
            assertThat(validations(after, "user", "valid") - validations(before, "user", "valid"))
                    .as("three who-am-i, and the user (not admin, so 403) on the certificate endpoint")
                    .isEqualTo(4);
            assertThat(validations(after, "user", "rejected") - validations(before, "user", "rejected"))
                    .as("the tampered token only: the dataplane token is not a user token but is not refused as one")
                    .isEqualTo(1);
            assertThat(validations(after, "dataplane", "valid") - validations(before, "dataplane", "valid"))
                    .isEqualTo(1);
            assertThat(validations(after, "dataplane", "rejected") - validations(before, "dataplane", "rejected"))
                    .isZero();
            // neither a user token nor a dataplane token, on the certificate endpoint: one dataplane rejection
            given().header("Host", "api.example.com")
                    .header("Authorization", "Bearer " + dataplane + "x")
                    .header("Content-Type", "application/json")
                    .body("{}")
                    .post("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                    .then()
                    .statusCode(401);
            String last = scrape();
            assertThat(validations(last, "dataplane", "rejected") - validations(after, "dataplane", "rejected"))
                    .isEqualTo(1);
            assertThat(validations(last, "user", "rejected") - validations(after, "user", "rejected"))
                    .isZero();
            assertThat(after).doesNotContain("metrics@example.com").doesNotContain(user.substring(0, 40));
        } finally {
            given().delete("/meshes/" + MESH + "/dataplanes/web-1");
            given().delete("/meshes/" + MESH);
        }
    }
}
