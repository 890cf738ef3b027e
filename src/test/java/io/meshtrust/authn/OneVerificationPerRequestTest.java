package io.meshtrust.authn;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.tokens.dataplane.DataplaneTokenValidator;
import io.meshtrust.tokens.user.UserTokenValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication picks one validator by the token's family: a request costs at most one RSA signature verification,
 * a dataplane token is never verified as a user token, nor a user token as a dataplane token. The verifications are
 * counted through the validators' seam ({@code signatureChecks()}, run by {@code TokenVerifier} right before each RSA
 * check), not by timing.
 */
@QuarkusTest
class OneVerificationPerRequestTest {

    static final String MESH = "one-verification";

    @Inject
    UserTokenValidator userTokens;

    @Inject
    DataplaneTokenValidator dataplaneTokens;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    record Checks(long user, long dataplane) {}

    Checks checks() {
        return new Checks(userTokens.signatureChecks(), dataplaneTokens.signatureChecks());
    }

    /** The RSA verifications {@code request} cost, by validator. */
    Checks cost(Supplier<Response> request, int status) {
        Checks before = checks();
        request.get().then().statusCode(status);
        Checks after = checks();
        return new Checks(after.user() - before.user(), after.dataplane() - before.dataplane());
    }

    @BeforeEach
    void meshAndDataplane() {
        OnVertx.await(
                vertx,
                Duration.ofSeconds(30),
                "keys",
                () -> keys.ensureDefault(SigningKeyFamily.USER, "")
                        .chain(() -> keys.ensureDefault(SigningKeyFamily.ZONE, "")));
        given().delete("/meshes/" + MESH + "/dataplanes/web-1");
        given().delete("/meshes/" + MESH);
        Meshes.builtin(MESH).put().then().statusCode(201);
        Dataplanes.web(MESH, "web-1").noServicePort().put().then().statusCode(201);
    }

    @AfterEach
    void cleanUp() {
        given().delete("/meshes/" + MESH + "/dataplanes/web-1");
        given().delete("/meshes/" + MESH);
    }

    static String issue(String path, String body) {
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

    /** As a remote caller, so that only the token can make it anyone. */
    static Response post(String token, String endpoint) {
        return given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .body("{}")
                .post("/meshes/" + MESH + "/dataplanes/web-1/" + endpoint);
    }

    static Response getMeshes(String token) {
        return given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/meshes");
    }

    @Test
    void aDataplaneTokenCostsOneDataplaneVerificationAndNoUserVerification() {
        String token = issue("/tokens/dataplane", "{\"name\":\"web-1\",\"mesh\":\"" + MESH + "\",\"validFor\":\"1h\"}");
        // the mesh's signing key reaches the validator through the change feed
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> post(token, "certificate").then().statusCode(200));
        assertThat(cost(() -> post(token, "certificate"), 200)).isEqualTo(new Checks(0, 1));
        assertThat(cost(() -> post(token, "heartbeat"), 204)).isEqualTo(new Checks(0, 1));
        // a forged signature: still a dataplane token, refused after its one verification
        String forged = token.substring(0, token.lastIndexOf('.') + 1)
                + (token.charAt(token.lastIndexOf('.') + 1) == 'A' ? 'B' : 'A')
                + token.substring(token.lastIndexOf('.') + 2);
        assertThat(cost(() -> post(forged, "certificate"), 401)).isEqualTo(new Checks(0, 1));
        // elsewhere a dataplane token is refused without any signature work (401, as when it was tried as a user)
        assertThat(cost(() -> getMeshes(token), 401)).isEqualTo(new Checks(0, 0));
    }

    @Test
    void aUserTokenIsNeverTriedAsADataplaneToken() {
        String alice = issue("/tokens/user", "{\"name\":\"alice\",\"groups\":[\"team\"],\"validFor\":\"1h\"}");
        assertThat(cost(() -> post(alice, "certificate"), 403)).isEqualTo(new Checks(1, 0));
        // the signature cache answers the second time
        assertThat(cost(() -> post(alice, "heartbeat"), 403)).isEqualTo(new Checks(0, 0));
        assertThat(cost(() -> getMeshes(alice), 200)).isEqualTo(new Checks(0, 0));
        String forged = alice.substring(0, alice.length() - 2) + (alice.endsWith("AA") ? "BA" : "AA");
        assertThat(cost(() -> post(forged, "certificate"), 401)).isEqualTo(new Checks(1, 0));
    }

    @Test
    void zoneTokensAndMalformedTokensCostNoVerification() {
        String zone = issue("/tokens/zone", "{\"zone\":\"zone-1\",\"validFor\":\"1h\"}");
        assertThat(cost(() -> post(zone, "certificate"), 401)).isEqualTo(new Checks(0, 0));
        assertThat(cost(() -> getMeshes(zone), 401)).isEqualTo(new Checks(0, 0));
        assertThat(cost(() -> post("not.a.token", "certificate"), 401)).isEqualTo(new Checks(0, 0));
        assertThat(cost(() -> getMeshes("not.a.token"), 401)).isEqualTo(new Checks(0, 0));
    }
}
