package io.meshtrust.tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A static token public key read from a Kubernetes Secret through Quarkus Kubernetes Config (against Quarkus' mock
 * API server): a token signed offline with Kuma's test key and that Secret's {@code kid} is accepted, one signed
 * with another key under the same kid is not. The same boot runs with the user-token issuer and the admin-token
 * bootstrap switched off.
 */
@QuarkusTest
@TestProfile(KubernetesSecretKeysTest.Profile.class)
@WithKubernetesTestServer(setup = KubernetesSecretKeysTest.Setup.class)
class KubernetesSecretKeysTest {

    static final String SECRET = "meshtrust-static-keys";
    static final String KEY = "kuma.api-server.authn.tokens.validator.static-public-keys.k8s-1";

    /** Creates the Secret in the mock API server before the application starts. */
    public static class Setup implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            server.getClient()
                    .secrets()
                    .inNamespace("test")
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(SECRET)
                            .withNamespace("test")
                            .endMetadata()
                            .addToData(
                                    KEY,
                                    Base64.getEncoder()
                                            .encodeToString(TestKeys.resource("publickey-pkix.pem")
                                                    .getBytes(StandardCharsets.US_ASCII)))
                            .build())
                    .create();
        }
    }

    /** Turns reading Secrets on, as a Deployment does; a @TestProfile alone is too early for the mock server. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EnableSecrets.class));
        }
    }

    public static class EnableSecrets implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.kubernetes-config.enabled", "true");
            config.put("quarkus.kubernetes-config.secrets", SECRET);
            config.put("quarkus.kubernetes-config.namespace", "test");
            // the same boot also checks the switches that need their own start
            config.put("kuma.api-server.authn.tokens.enable-issuer", "false");
            config.put("kuma.api-server.authn.tokens.bootstrap-admin-token", "false");
            return config;
        }

        @Override
        public void stop() {}
    }

    @Test
    void tokenSignedWithTheKeyFromTheSecretIsAccepted() throws Exception {
        String token = TokenVerifierTest.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"k8s-1\",\"typ\":\"JWT\"}",
                "{\"Name\":\"from-k8s\",\"Groups\":[\"mesh-system:admin\"],\"exp\":4102444800}",
                TestKeys.privateKey("samplekey.pem"));
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("from-k8s"));
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/secrets")
                .then()
                .statusCode(200);
    }

    @Test
    void disabledIssuerAnswersKumasGolden() {
        String body = given().header("Content-Type", "application/json")
                .body("{\"name\":\"a\",\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        Golden.assertMatches("tokens/ws-token-issuer-disabled.golden.json", body, "");
    }

    @Test
    void noAdminTokenIsBootstrappedWhenDisabled() {
        given().get("/global-secrets/admin-user-token").then().statusCode(404);
        // the signing key is still created (Kuma creates it whatever the issuer setting)
        given().get("/global-secrets/user-token-signing-key-1").then().statusCode(200);
    }

    @Test
    void anotherKeyUnderTheSameKidIsRefused() throws Exception {
        String token = TokenVerifierTest.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"k8s-1\",\"typ\":\"JWT\"}",
                "{\"Name\":\"forged\",\"exp\":4102444800}",
                TestKeys.privateKey("samplekey-2.pem"));
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/who-am-i")
                .then()
                .statusCode(401);
    }
}
