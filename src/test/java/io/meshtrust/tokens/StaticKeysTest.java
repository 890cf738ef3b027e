package io.meshtrust.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.meshtrust.testsupport.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Static public keys from configuration (docs/kuma-tokens.md §7.3, §17.12 #75) and offline issuing end to end: a key pair
 * made with {@code openssl}, its public key configured by file, a token signed by {@code openssl} is accepted.
 * Static keys win over signing-key secrets with the same {@code kid}, with no fallback after a bad signature.
 * This profile also accepts tokens without {@code exp} ({@code REQUIRE_EXPIRATION=false}).
 */
@QuarkusTest
@TestProfile(StaticKeysTest.Profile.class)
class StaticKeysTest {

    static final Path DIR = tempDir();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Quarkus may ask a profile more than once (and from another class loader): make the pair once.
            if (!Files.exists(DIR.resolve("offline.pub"))) {
                openssl("genrsa", "-out", DIR.resolve("offline.key").toString(), "2048");
                openssl(
                        "rsa",
                        "-in",
                        DIR.resolve("offline.key").toString(),
                        "-pubout",
                        "-out",
                        DIR.resolve("offline.pub").toString());
            }
            String prefix = "kuma.api-server.authn.tokens.validator.";
            return Map.of(
                    prefix + "public-keys[0].kid",
                    "openssl-1",
                    prefix + "public-keys[0].key-file",
                    DIR.resolve("offline.pub").toString(),
                    prefix + "public-keys[1].kid",
                    "static-1",
                    prefix + "public-keys[1].key",
                    resource("publickey.pem"),
                    // kid "1" is also the first user-token signing key secret: the static key must win
                    prefix + "static-public-keys.1",
                    resource("publickey-2.pem"),
                    prefix + "require-expiration",
                    "false");
        }
    }

    @Test
    void tokenSignedByOpensslIsAccepted() throws Exception {
        String token = opensslToken(
                "{\"alg\":\"RS256\",\"kid\":\"openssl-1\",\"typ\":\"JWT\"}",
                "{\"Name\":\"offline\",\"Groups\":[\"mesh-system:admin\"],\"exp\":4102444800,\"nbf\":1700000000,"
                        + "\"iat\":1700000000,\"jti\":\"off-1\"}");
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/secrets")
                .then()
                .statusCode(200);
    }

    @Test
    void kumaTestKeyConfiguredInlineValidatesKumaSignedTokens() throws Exception {
        String token = opensslTokenWith(
                "samplekey.pem",
                "{\"alg\":\"RS256\",\"kid\":\"static-1\",\"typ\":\"JWT\"}",
                "{\"Name\":\"john\",\"Groups\":[\"team-a\"],\"exp\":4102444800}");
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("john"));
    }

    @Test
    void staticKeyShadowsTheSecretWithTheSameKidWithoutFallback() {
        // issued with user-token-signing-key-1 (kid "1"), but kid "1" is a static key: refused
        String token = given().header("Content-Type", "application/json")
                .body("{\"name\":\"n\",\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
                .contains("\"kid\":\"1\"");
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/who-am-i")
                .then()
                .statusCode(401);
        // signed with the static key's private half: accepted
        String good = opensslTokenWith(
                "samplekey-2.pem",
                "{\"alg\":\"RS256\",\"kid\":\"1\",\"typ\":\"JWT\"}",
                "{\"Name\":\"static\",\"exp\":4102444800}");
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + good)
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("static"));
    }

    @Test
    void tokensWithoutExpAreAcceptedWhenExpirationIsNotRequired() throws Exception {
        String token = opensslTokenWith(
                "samplekey.pem", "{\"alg\":\"RS256\",\"kid\":\"static-1\",\"typ\":\"JWT\"}", "{\"Name\":\"forever\"}");
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("forever"));
    }

    private static String opensslToken(String header, String claims) throws Exception {
        return sign(DIR.resolve("offline.key"), header, claims);
    }

    private static String opensslTokenWith(String kumaKey, String header, String claims) {
        Path key = DIR.resolve(kumaKey);
        try {
            Files.writeString(key, resource(kumaKey));
            return sign(key, header, claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(Path key, String header, String claims) throws Exception {
        String input =
                b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Path in = Files.createTempFile(DIR, "input", ".txt");
        Path sig = Files.createTempFile(DIR, "sig", ".bin");
        Files.writeString(in, input);
        openssl("dgst", "-sha256", "-sign", key.toString(), "-out", sig.toString(), in.toString());
        return input + "." + b64(Files.readAllBytes(sig));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void openssl(String... args) {
        var command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("openssl is needed for this test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        return TestKeys.resource(name);
    }

    private static Path tempDir() {
        try {
            return Files.createDirectories(Path.of("target", "static-keys-test").toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
