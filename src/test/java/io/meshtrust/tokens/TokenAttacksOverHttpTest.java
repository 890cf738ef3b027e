package io.meshtrust.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The security catalogue over real HTTP (issue 3, point 8): every bad token is answered 401 with Kuma's body, never
 * a 500, from a remote-looking request and from localhost alike; Kuma's skips ({@code GET /}, {@code /gui}) ignore it.
 */
@QuarkusTest
class TokenAttacksOverHttpTest {

    static final String BODY_401 = "{\"type\":\"/std-errors\",\"status\":401,\"title\":\"Invalid authentication data\","
            + "\"detail\":\"Unauthenticated\",\"details\":\"Unauthenticated\"}";
    static final String CLAIMS = "{\"Name\":\"mallory\",\"Groups\":[\"mesh-system:admin\"],\"exp\":4102444800}";

    static Map<String, String> attacks() throws Exception {
        var key = TestKeys.privateKey("samplekey.pem");
        var a = new LinkedHashMap<String, String>();
        a.put("alg none", b64("{\"alg\":\"none\",\"kid\":\"1\"}") + "." + b64(CLAIMS) + ".");
        String hsInput = b64("{\"alg\":\"HS256\",\"kid\":\"1\"}") + "." + b64(CLAIMS);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                TestKeys.resource("publickey.pem").getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        a.put(
                "HS256 with the public key as secret",
                hsInput + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII))));
        a.put("RS512", signed("{\"alg\":\"RS512\",\"kid\":\"1\"}", "SHA512withRSA", key));
        var ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        a.put(
                "ES256",
                signed(
                        "{\"alg\":\"ES256\",\"kid\":\"1\"}",
                        "SHA256withECDSA",
                        ec.generateKeyPair().getPrivate()));
        a.put("missing kid", signed("{\"alg\":\"RS256\"}", "SHA256withRSA", key));
        a.put("numeric kid", signed("{\"alg\":\"RS256\",\"kid\":1}", "SHA256withRSA", key));
        a.put("path kid", signed("{\"alg\":\"RS256\",\"kid\":\"../../etc/passwd\"}", "SHA256withRSA", key));
        a.put("huge kid", signed("{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(4000) + "\"}", "SHA256withRSA", key));
        a.put("unicode kid", signed("{\"alg\":\"RS256\",\"kid\":\"\u043a\u043b\u044e\u0447\"}", "SHA256withRSA", key));
        a.put("unknown kid", signed("{\"alg\":\"RS256\",\"kid\":\"999\"}", "SHA256withRSA", key));
        a.put("another key under an existing kid", signed("{\"alg\":\"RS256\",\"kid\":\"1\"}", "SHA256withRSA", key));
        a.put("malformed base64", "%%%." + b64(CLAIMS) + ".abc");
        a.put("malformed JSON", b64("{\"alg\":") + "." + b64(CLAIMS) + ".abc");
        a.put("two segments", b64("{}") + "." + b64(CLAIMS));
        a.put("oversized", "a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 10));
        return a;
    }

    @Test
    void tamperedPayloadOrSignatureOfARealTokenIs401() {
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        String token = given().header("Content-Type", "application/json")
                .body("{\"name\":\"bob\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/who-am-i")
                .then()
                .statusCode(200);
        String[] p = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8)
                .replace("team-a", "mesh-system:admin");
        String tampered = p[0] + "." + b64(payload) + "." + p[2];
        String badSignature =
                p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 2) + (p[2].endsWith("AA") ? "BB" : "AA");
        for (String bad : new String[] {tampered, badSignature}) {
            var response = given().header("Host", "api.example.com")
                    .header("Authorization", "Bearer " + bad)
                    .get("/secrets");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Golden.parse(response.asString())).isEqualTo(Golden.parse(BODY_401));
        }
    }

    /** Issue 13, point 3: only the issued spelling of a valid token authenticates. */
    @Test
    void otherSpellingsOfAValidTokenAre401() {
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        String token = given().header("Content-Type", "application/json")
                .body("{\"name\":\"carol\",\"groups\":[\"mesh-system:admin\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/secrets")
                .then()
                .statusCode(200);
        String[] p = token.split("\\.");
        String signature = p[2].contains("-") || p[2].contains("_")
                ? p[2]
                : p[2].substring(0, p[2].length() - 1) + "-"; // still a wrong signature: refused either way
        var variants = new LinkedHashMap<String, String>();
        variants.put("padded", p[0] + "=." + p[1] + "." + p[2] + "==");
        variants.put(
                "+/ alphabet",
                p[0] + "." + p[1] + "." + signature.replace('-', '+').replace('_', '/'));
        variants.put(
                "space in the signature", p[0] + "." + p[1] + "." + p[2].substring(0, 20) + " " + p[2].substring(20));
        variants.put(
                "tab in the signature", p[0] + "." + p[1] + "." + p[2].substring(0, 20) + "\t" + p[2].substring(20));
        for (var v : variants.entrySet()) {
            var response = given().header("Host", "api.example.com")
                    .header("Authorization", "Bearer " + v.getValue())
                    .get("/secrets");
            assertThat(response.statusCode()).as(v.getKey()).isEqualTo(401);
            assertThat(Golden.parse(response.asString())).as(v.getKey()).isEqualTo(Golden.parse(BODY_401));
        }
    }

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    @TestFactory
    Stream<DynamicTest> everyBadTokenIs401WithKumasBody() throws Exception {
        return attacks().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    for (String host : new String[] {"api.example.com", null}) {
                        var request = given().header("Authorization", "Bearer " + e.getValue());
                        if (host != null) {
                            request = request.header("Host", host);
                        }
                        var response = request.get("/meshes");
                        assertThat(response.statusCode())
                                .as("%s via %s", e.getKey(), host)
                                .isEqualTo(401);
                        assertThat(Golden.parse(response.asString())).isEqualTo(Golden.parse(BODY_401));
                    }
                    // Kuma's skips never look at the token
                    assertThat(given().header("Authorization", "Bearer " + e.getValue())
                                    .get("/")
                                    .statusCode())
                            .isEqualTo(200);
                    assertThat(given().header("Authorization", "Bearer " + e.getValue())
                                    .get("/gui")
                                    .statusCode())
                            .isNotEqualTo(401)
                            .isLessThan(500);
                }));
    }

    private static String signed(String header, String jca, PrivateKey key) throws Exception {
        String input = b64(header) + "." + b64(CLAIMS);
        Signature s = Signature.getInstance(jca);
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
