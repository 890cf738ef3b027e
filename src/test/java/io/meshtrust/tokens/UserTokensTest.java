package io.meshtrust.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.tokens.user.UserTokenIssuer;
import io.meshtrust.tokens.user.UserTokenValidator;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /tokens/user} and bearer authentication end to end (docs/kuma-tokens.md §4, §9, §17.1, §17.3, §17.4), with
 * tokens decoded independently of our code.
 */
@QuarkusTest
class UserTokensTest {

    @Inject
    ResourceStore store;

    @Inject
    SigningKeyManager keys;

    @Inject
    UserTokenValidator validator;

    @Inject
    Vertx vertx;

    @BeforeEach
    void signingKeyExists() {
        // other test classes empty the store; the key is normally created at startup
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        await().atMost(Duration.ofSeconds(5)).until(() -> issue("{\"name\":\"probe\",\"validFor\":\"1m\"}") != null);
    }

    /** A request that is not local: only its token can make it anything but anonymous. */
    static RequestSpecification remote(String token) {
        return given().header("Host", "api.example.com").header("Authorization", "Bearer " + token);
    }

    static String issue(String body) {
        var response =
                given().header("Content-Type", "application/json").body(body).post("/tokens/user");
        return response.statusCode() == 200 ? response.asString() : null;
    }

    @Test
    void issuesKumaShapedTokensThatAuthenticateTheirUser() {
        var response = given().header("Content-Type", "application/json")
                .body("{\"name\":\"john.doe@example.com\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/tokens/user");
        response.then().statusCode(200).contentType("text/plain");
        String token = response.asString();
        String[] parts = token.split("\\.");
        JsonNode header = Golden.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonNode claims = Golden.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).matches("\\d+");
        assertThat(claims.path("Name").asText()).isEqualTo("john.doe@example.com");
        assertThat(claims.path("iat").asLong()).isEqualTo(claims.path("nbf").asLong());
        assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong()).isEqualTo(3605);
        assertThat(claims.path("jti").asText()).matches("[0-9a-f-]{36}");

        remote(token)
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("john.doe@example.com"))
                .body("groups", equalTo(List.of("team-a", "mesh-system:authenticated")));
        remote(token)
                .get("/secrets")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        equalTo("user \"john.doe@example.com/team-a,mesh-system:authenticated\" cannot "
                                + "access the resource of type \"Secret\""));
    }

    @Test
    void adminGroupTokenReadsSecretsFromAnywhere() {
        String token = issue("{\"name\":\"ops\",\"groups\":[\"mesh-system:admin\"],\"validFor\":\"10m\"}");
        remote(token).get("/secrets").then().statusCode(200);
    }

    @Test
    void kumaWsGoldens() {
        assertGolden("{\"name\":\"\",\"validFor\":\"1h0m0s\"}", "tokens/ws-no-name.golden.json");
        assertGolden("{\"name\":\"foo@example.com\",\"validFor\":\"0s\"}", "tokens/ws-0-validFor.golden.json");
        assertGolden("{\"name\": \"xyz\"}", "tokens/ws-missing-validFor.golden.json");
    }

    @Test
    void invalidDurationsGetGoMessages() {
        String body = given().header("Content-Type", "application/json")
                .body("{\"name\":\"a\",\"validFor\":\"1d\"}")
                .post("/tokens/user")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        JsonNode error = Golden.parse(body);
        assertThat(error.path("invalid_parameters").get(0).path("reason").asText())
                .isEqualTo("is invalid: time: unknown unit \"d\" in duration \"1d\"");
        assertThat(error.path("invalid_parameters").get(1).path("reason").asText())
                .isEqualTo("cannot be empty or nil");
    }

    @Test
    void undecodableBodyIs400WithoutBody() {
        given().header("Content-Type", "application/json")
                .body("not-json")
                .post("/tokens/user")
                .then()
                .statusCode(400)
                .body(equalTo(""));
        given().header("Content-Type", "application/json")
                .body("{\"name\":5,\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(400)
                .body(equalTo(""));
    }

    @Test
    void onlyAllowedUsersMayIssue() {
        given().header("Host", "api.example.com")
                .header("Content-Type", "application/json")
                .body("{\"name\":\"x\",\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(403)
                .body("title", equalTo("Access Denied"))
                .body("detail", equalTo("action not allowed"));
    }

    @Test
    void invalidTokensGetKumas401EvenFromLocalhost() {
        String expected = "{\"type\":\"/std-errors\",\"status\":401,\"title\":\"Invalid authentication data\","
                + "\"detail\":\"Unauthenticated\",\"details\":\"Unauthenticated\"}";
        for (var request : List.of(remote("garbage"), given().header("Authorization", "Bearer garbage"))) {
            String body =
                    request.get("/meshes").then().statusCode(401).extract().asString();
            assertThat(Golden.parse(body)).isEqualTo(Golden.parse(expected));
        }
        // Kuma's skips: the index and the GUI never look at tokens
        remote("garbage").get("/").then().statusCode(200);
        // the scheme is case-insensitive (issue 13): "bearer garbage" is a presented token, hence 401
        given().header("Host", "api.example.com")
                .header("Authorization", "bearer garbage")
                .get("/who-am-i")
                .then()
                .statusCode(401);
    }

    @Test
    void repeatedRequestsWithOneTokenDoNoSignatureWork() {
        String token = issue("{\"name\":\"cached\",\"validFor\":\"1h\"}");
        remote(token).get("/who-am-i").then().statusCode(200);
        long before = validator.signatureChecks();
        for (int i = 0; i < 20; i++) {
            remote(token).get("/who-am-i").then().statusCode(200).body("name", equalTo("cached"));
        }
        assertThat(validator.signatureChecks()).isEqualTo(before);
    }

    @Test
    void revokedTokenIsRefusedEvenWhenCached() {
        String token = issue("{\"name\":\"revoke-me\",\"validFor\":\"1h\"}");
        String other = issue("{\"name\":\"keep-me\",\"validFor\":\"1h\"}");
        remote(token).get("/who-am-i").then().statusCode(200);
        String jti = Golden.parse(
                        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .path("jti")
                .asText();
        String data = Base64.getEncoder().encodeToString(("other-jti," + jti + "\n").getBytes(StandardCharsets.UTF_8));
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"GlobalSecret\",\"name\":\"user-token-revocations\",\"data\":\"" + data + "\"}")
                .put("/global-secrets/user-token-revocations")
                .then()
                .statusCode(Matchers.oneOf(200, 201));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> remote(token).get("/who-am-i").statusCode() == 401);
        remote(other).get("/who-am-i").then().statusCode(200);
        given().delete("/global-secrets/user-token-revocations").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> remote(token).get("/who-am-i").statusCode() == 200);
    }

    @Test
    void rotationSignsWithTheHighestSerialAndDeletingAKeyKillsItsTokens() {
        String oldToken = issue("{\"name\":\"old\",\"validFor\":\"1h\"}");
        String oldKid = kid(oldToken);
        long next = Long.parseLong(oldKid) + 1;
        String pem = PemCodec.encodePrivateKey(RsaKeys.generate(2048));
        String data = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"GlobalSecret\",\"name\":\"user-token-signing-key-" + next + "\",\"data\":\"" + data
                        + "\"}")
                .put("/global-secrets/user-token-signing-key-" + next)
                .then()
                .statusCode(201);
        String newToken = issue("{\"name\":\"new\",\"validFor\":\"1h\"}");
        assertThat(kid(newToken)).isEqualTo(Long.toString(next));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> remote(newToken).get("/who-am-i").statusCode() == 200);
        remote(oldToken).get("/who-am-i").then().statusCode(200);

        given().delete("/global-secrets/user-token-signing-key-" + oldKid)
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> remote(oldToken).get("/who-am-i").statusCode() == 401);
        remote(newToken).get("/who-am-i").then().statusCode(200).body("name", equalTo("new"));
    }

    @Test
    void adminTokenIsBootstrappedOnceAndIsAdmin() {
        // Start from no admin token (other tests rotate keys and empty the store), then run startup's bootstrap.
        given().delete("/global-secrets/admin-user-token");
        OnVertx.await(
                vertx,
                Duration.ofSeconds(30),
                "bootstrap",
                () -> TokenBootstrap.adminToken(
                        store, Arc.container().instance(UserTokenIssuer.class).get()));
        String data = given().get("/global-secrets/admin-user-token")
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        String token = new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
        remote(token)
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("mesh-system:admin"))
                .body("groups", equalTo(List.of("mesh-system:admin", "mesh-system:authenticated")));
        JsonNode claims =
                Golden.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong()).isEqualTo(87600L * 3600 + 5);
        // a second run keeps the existing token
        OnVertx.await(
                vertx,
                Duration.ofSeconds(30),
                "bootstrap again",
                () -> TokenBootstrap.adminToken(
                        store, Arc.container().instance(UserTokenIssuer.class).get()));
        given().get("/global-secrets/admin-user-token").then().body("data", equalTo(data));
    }

    private static String kid(String token) {
        return Golden.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
                .path("kid")
                .asText();
    }

    private static void assertGolden(String body, String golden) {
        String response = given().header("Content-Type", "application/json")
                .body(body)
                .post("/tokens/user")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        Golden.assertMatches(golden, response, "");
    }
}
