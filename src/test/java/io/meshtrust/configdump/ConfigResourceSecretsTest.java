package io.meshtrust.configdump;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /config} with secrets configured: a PostgreSQL password, inline static token keys (user and dataplane
 * tokens) and a key as a Kubernetes Secret would give it. None of them, nor the bootstrapped admin token, is anywhere
 * in the body; the password is Kuma's {@code *****}. The access list is Kuma's {@code auth_test.go} one
 * ({@code KUMA_ACCESS_STATIC_CONTROL_PLANE_METADATA_GROUPS=mesh-system:authenticated}): anonymous callers get Kuma's
 * 403 ({@code testdata/auth-config-non-localhost.golden.json}), localhost and token holders the dump.
 */
@QuarkusTest
@TestProfile(ConfigResourceSecretsTest.Profile.class)
class ConfigResourceSecretsTest {

    static final String PASSWORD = "pg-Secret-0b7c1f2e-\"quoted\"-ü";
    static final String VALIDATOR = "kuma.api-server.authn.tokens.validator.";
    static final String DP_VALIDATOR = "kuma.dp-server.authn.dp-proxy.dp-token.validator.";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("kuma.store.postgres.password", PASSWORD),
                    Map.entry(VALIDATOR + "public-keys[0].kid", "static-inline"),
                    Map.entry(VALIDATOR + "public-keys[0].key", TestKeys.resource("publickey.pem")),
                    Map.entry(VALIDATOR + "static-public-keys.from-k8s", TestKeys.resource("publickey-2.pem")),
                    Map.entry(DP_VALIDATOR + "public-keys[0].kid", "dp-inline"),
                    Map.entry(DP_VALIDATOR + "public-keys[0].key", TestKeys.resource("publickey-pkix.pem")),
                    Map.entry(DP_VALIDATOR + "public-keys[0].mesh", "default"),
                    Map.entry("kuma.access.static.control-plane-metadata.groups", "mesh-system:authenticated"),
                    Map.entry("kuma.metrics.dataplane.idle-timeout", "90s"),
                    Map.entry("meshtrust.certificates.overdue-grace", "15m"));
        }
    }

    @Test
    void noConfiguredSecretNorTheAdminTokenIsInTheBody() {
        String body = given().get("/config").then().statusCode(200).extract().asString();
        String data = given().get("/global-secrets/admin-user-token")
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        String adminToken = new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);

        List<String> secrets = List.of(
                PASSWORD,
                adminToken,
                adminToken.split("\\.")[2],
                TestKeys.resource("publickey.pem").trim(),
                TestKeys.resource("publickey-2.pem").trim(),
                TestKeys.resource("publickey-pkix.pem").trim(),
                base64Line("publickey.pem"),
                base64Line("publickey-2.pem"),
                base64Line("publickey-pkix.pem"));
        for (String secret : secrets) {
            assertThat(body).doesNotContain(secret);
        }
        // nor escaped (the password has a quote): no key or string of the parsed body holds one
        List<String> texts = new ArrayList<>();
        texts(Golden.parse(body), texts);
        for (String secret : secrets) {
            assertThat(texts).noneMatch(text -> text.contains(secret));
        }
        assertThat(body).doesNotContain("pg-Secret").doesNotContain("BEGIN");

        JsonNode config = Golden.parse(body);
        assertThat(config.at("/store/postgres/password").asText()).isEqualTo("*****");
        assertThat(config.at("/apiServer/authn/tokens/validator/publicKeys").toString())
                .isEqualTo("[{\"kid\":\"static-inline\",\"key\":\"*****\"}]");
        assertThat(config.at("/apiServer/authn/tokens/validator/staticPublicKeys")
                        .toString())
                .isEqualTo("{\"from-k8s\":\"*****\"}");
        assertThat(config.at("/dpServer/authn/dpProxy/dpToken/validator/publicKeys")
                        .toString())
                .isEqualTo("[{\"kid\":\"dp-inline\",\"key\":\"*****\",\"mesh\":\"default\"}]");
        // the other settings follow the configuration, durations in Go's form
        assertThat(config.at("/metrics/dataplane/idleTimeout").asText()).isEqualTo("1m30s");
        assertThat(config.at("/meshtrust/certificates/overdueGrace").asText()).isEqualTo("15m0s");
        assertThat(config.at("/access/static/controlPlaneMetadata/groups").toString())
                .isEqualTo("[\"mesh-system:authenticated\"]");
    }

    @Test
    void anonymousCallersAreRefusedWithKumasBody() {
        String body = given().header("Host", "api.example.com")
                .get("/config")
                .then()
                .statusCode(403)
                .extract()
                .asString();
        Golden.assertMatches("api/auth-config-non-localhost.golden.json", body, "");
    }

    @Test
    void authenticatedCallersMayReadIt() {
        String token = given().header("Content-Type", "application/json")
                .body("{\"name\":\"viewer\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/config")
                .then()
                .statusCode(200)
                .body("mode", equalTo("zone"));
    }

    private static void texts(JsonNode node, List<String> out) {
        node.fieldNames().forEachRemaining(out::add);
        if (node.isContainerNode()) {
            node.elements().forEachRemaining(child -> texts(child, out));
        } else {
            out.add(node.asText());
        }
    }

    /** The PEM's first base64 line: part of the key, unmistakable in a body. */
    private static String base64Line(String resource) {
        return TestKeys.resource(resource).lines().skip(1).findFirst().orElseThrow();
    }
}
