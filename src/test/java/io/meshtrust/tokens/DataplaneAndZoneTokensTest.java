package io.meshtrust.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.TestKeys;
import io.meshtrust.tokens.dataplane.DataplaneTokenValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /tokens/dataplane} and {@code POST /tokens/zone} (docs/kuma-tokens.md §11, §12, §17.5). */
@QuarkusTest
class DataplaneAndZoneTokensTest {

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    @Inject
    DataplaneTokenValidator dataplaneTokens;

    @BeforeEach
    void meshAndZoneKeyExist() {
        // other test classes empty the store; the zone key is normally created at startup
        OnVertx.await(vertx, Duration.ofSeconds(30), "zone key", () -> keys.ensureDefault(SigningKeyFamily.ZONE, ""));
        given().delete("/meshes/dp-tokens");
        Meshes.plain("dp-tokens").put().then().statusCode(201);
    }

    @Test
    void issuesDataplaneTokensSignedByTheMeshKeyWithNormalisedTags() throws Exception {
        var response = post(
                "/tokens/dataplane",
                "{\"name\":\"dp-1\",\"mesh\":\"dp-tokens\",\"tags\":{\"version\":[\"v2\","
                        + "\"v1\",\"v2\"],\"kuma.io/service\":[\"web\"],\"empty\":[]},\"type\":\"dataplane\","
                        + "\"workload\":\"backend\",\"validFor\":\"24h\"}");
        response.then().statusCode(200).contentType("text/plain");
        String token = response.asString();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload)
                .startsWith("{\"Name\":\"dp-1\",\"Mesh\":\"dp-tokens\",\"Tags\":{\"kuma.io/service\":[\"web\"],"
                        + "\"version\":[\"v1\",\"v2\"]},\"Type\":\"dataplane\",\"Workload\":\"backend\",\"exp\":");
        JsonNode claims = Golden.parse(payload);
        assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong()).isEqualTo(24 * 3600 + 5);

        // verify independently with the public half of the mesh's signing key secret
        String data = given().get("/meshes/dp-tokens/secrets/dataplane-token-signing-key-dp-tokens-1")
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        var keyPair = TestKeys.keyPair(new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keyPair.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void dataplaneTokenDefaultsToTenYearsAndEmptyClaims() {
        String token = post("/tokens/dataplane", "{\"mesh\":\"dp-tokens\"}")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload)
                .startsWith("{\"Name\":\"\",\"Mesh\":\"dp-tokens\",\"Tags\":{},\"Type\":\"\",\"Workload\":\"\",");
        JsonNode claims = Golden.parse(payload);
        assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong()).isEqualTo(87600L * 3600 + 5);
    }

    @Test
    void dataplaneTokenRequestsAreValidated() {
        post("/tokens/dataplane", "{\"name\":\"x\",\"type\":\"ingress\",\"validFor\":\"abc\"}")
                .then()
                .statusCode(400)
                .body("title", equalTo("Invalid request"))
                .body("invalid_parameters.field", equalTo(List.of("mesh", "validFor", "type")))
                .body("invalid_parameters[1].reason", equalTo("is invalid: time: invalid duration \"abc\""))
                .body("invalid_parameters[2].reason", equalTo("ingress is not a valid proxy type"));
        post("/tokens/dataplane", "not-valid-json").then().statusCode(400).body(equalTo(""));
    }

    @Test
    void meshWithoutKeyAnswersSigningKeyNotFound() {
        post("/tokens/dataplane", "{\"mesh\":\"no-such-mesh\"}")
                .then()
                .statusCode(404)
                .body("title", equalTo("Signing Key not found"))
                .body(
                        "detail",
                        equalTo("there is no signing key with KID 1. Secret of name "
                                + "\"dataplane-token-signing-key-no-such-mesh-1\" in mesh \"no-such-mesh\" is not found. "
                                + "If signing key was rotated, regenerate the token"));
    }

    @Test
    void onlyAllowedUsersGetDataplaneAndZoneTokens() {
        given().header("Host", "api.example.com")
                .header("Content-Type", "application/json")
                .body("{\"mesh\":\"dp-tokens\"}")
                .post("/tokens/dataplane")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        equalTo("user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access "
                                + "generate dataplane token"));
        given().header("Host", "api.example.com")
                .header("Content-Type", "application/json")
                .body("{\"zone\":\"zone-1\"}")
                .post("/tokens/zone")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        equalTo("user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access "
                                + "generate zone token for zone 'zone-1'"));
    }

    @Test
    void issuesZoneTokens() {
        String token = post("/tokens/zone", "{\"zone\":\"zone-1\",\"validFor\":\"1h\"}")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).startsWith("{\"Zone\":\"zone-1\",\"Scope\":null,\"exp\":");
        post("/tokens/zone", "{\"zone\":\"z\",\"validFor\":\"1x\"}")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("is invalid: time: unknown unit \"x\" in duration \"1x\""));
    }

    @Test
    void dataplaneTokensValidateForTheirMeshUntilRevokedOrTheKeyIsGone() throws Exception {
        String token = post(
                        "/tokens/dataplane",
                        "{\"name\":\"dp-1\",\"mesh\":\"dp-tokens\",\"tags\":"
                                + "{\"kuma.io/service\":[\"web\"]},\"workload\":\"backend\",\"validFor\":\"1h\"}")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var identity = dataplaneTokens.validate(token, "dp-tokens");
            assertThat(identity.name()).isEqualTo("dp-1");
            assertThat(identity.tags()).containsEntry("kuma.io/service", List.of("web"));
            assertThat(identity.workload()).isEqualTo("backend");
        });
        // another mesh has other keys: refused
        Assertions.assertThatThrownBy(() -> dataplaneTokens.validate(token, "default"))
                .isInstanceOf(InvalidTokenException.class);

        String jti = Golden.parse(
                        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .path("jti")
                .asText();
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"dp-tokens\","
                        + "\"name\":\"dataplane-token-revocations-dp-tokens\",\"data\":\""
                        + Base64.getEncoder().encodeToString(jti.getBytes(StandardCharsets.UTF_8)) + "\"}")
                .put("/meshes/dp-tokens/secrets/dataplane-token-revocations-dp-tokens")
                .then()
                .statusCode(201);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> Assertions.assertThatThrownBy(() -> dataplaneTokens.validate(token, "dp-tokens"))
                        .hasMessageContaining("revoked"));

        String other = post("/tokens/dataplane", "{\"mesh\":\"dp-tokens\"}")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> valid(other));
        given().delete("/meshes/dp-tokens/secrets/dataplane-token-signing-key-dp-tokens-1")
                .then()
                .statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !valid(other));
    }

    private boolean valid(String token) {
        try {
            dataplaneTokens.validate(token, "dp-tokens");
            return true;
        } catch (InvalidTokenException e) {
            return false;
        }
    }

    private static Response post(String path, String body) {
        return given().header("Content-Type", "application/json").body(body).post(path);
    }
}
