package io.meshtrust.secrets;

import static io.meshtrust.secrets.BadSecretData.b64;
import static io.meshtrust.secrets.BadSecretData.certificate;
import static io.meshtrust.secrets.BadSecretData.pkcs1;
import static io.meshtrust.secrets.BadSecretData.pkcs8;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 point 5: a Secret or GlobalSecret whose name gives it a role is validated for that role on every write
 * (400 naming the field, nothing stored); data broken anyway (planted in the store) makes issuing 503 naming the
 * secret, never 500, and tokens of such a key are refused as for an unknown key.
 */
@QuarkusTest
class SecretRolesTest {

    static final String MESH = "roles";
    static final String CA_MESH = "roles-ca";

    static final KeyPair RSA_2048 = BadSecretData.rsa(2048);
    static final KeyPair RSA_512 = BadSecretData.rsa(512);
    static final KeyPair EC = BadSecretData.ec();

    static final String NOT_BASE64 = "@@ not base64 @@";
    static final String NOT_PEM = b64("this is not a key");
    static final String CA_CERT = b64(certificate(RSA_2048, true));
    static final String LEAF_CERT = b64(certificate(RSA_2048, false));
    static final String EC_KEY = b64(pkcs1(EC));
    static final String SMALL_RSA = b64(pkcs1(RSA_512));
    static final String PKCS8_RSA = b64(pkcs8(RSA_2048));
    static final String GOOD_RSA = b64(pkcs1(RSA_2048));
    static final String SPACED_LIST = b64("jti-1, jti-2");
    static final String EMPTY_ENTRY_LIST = b64("jti-1,,jti-2");
    static final String BINARY = b64(new byte[] {0, 1, 2, (byte) 0xff});

    @Inject
    ResourceStore store;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    /** Where a secret lives: its URL and the JSON meta of its body. */
    record Target(String type, String mesh, String name) {
        String path() {
            return mesh == null ? "/global-secrets/" + name : "/meshes/" + mesh + "/secrets/" + name;
        }

        String body(String data) {
            return "{\"type\":\"" + type + "\"," + (mesh == null ? "" : "\"mesh\":\"" + mesh + "\",") + "\"name\":\""
                    + name + "\",\"data\":\"" + data + "\"}";
        }

        Response put(String data) {
            return given().contentType("application/json").body(body(data)).put(path());
        }
    }

    static Target global(String name) {
        return new Target("GlobalSecret", null, name);
    }

    static Target inMesh(String mesh, String name) {
        return new Target("Secret", mesh, name);
    }

    /** One refused write: where, what data, which field, and a piece of the reason. */
    record Refusal(Target target, String dataLabel, String data, String field, String reason) {}

    static List<Refusal> refusals() {
        var all = new ArrayList<Refusal>();
        for (Target key : List.of(
                global("user-token-signing-key-9"),
                global("zone-token-signing-key-9"),
                inMesh(MESH, "dataplane-token-signing-key-" + MESH + "-9"),
                global("user-token-signing-key"))) {
            String must = key.name() + " must hold a PEM-encoded RSA private key (PKCS#1 \"RSA PRIVATE KEY\"";
            all.add(new Refusal(key, "not base64", NOT_BASE64, null, "not valid base64"));
            all.add(new Refusal(key, "not PEM", NOT_PEM, "data", must));
            all.add(new Refusal(key, "not PEM", NOT_PEM, "data", "; got: not PEM"));
            all.add(new Refusal(key, "a certificate", CA_CERT, "data", "got: a \"CERTIFICATE\" block"));
            all.add(new Refusal(key, "an EC key", EC_KEY, "data", "got: an EC key, not RSA"));
            all.add(new Refusal(key, "a 512-bit RSA key", SMALL_RSA, "data", "got: a 512-bit RSA key"));
            all.add(new Refusal(key, "PKCS#8", PKCS8_RSA, "data", "got: a PKCS#8 \"PRIVATE KEY\" block"));
            all.add(new Refusal(key, "a revocation list", SPACED_LIST, "data", "got: not PEM"));
            all.add(new Refusal(key, "no data", "", "data", "got: no data"));
        }
        for (String name : List.of(
                "user-token-signing-key-0002",
                "user-token-signing-key-abc",
                "user-token-signing-key-0",
                "user-token-signing-key--3",
                "user-token-signing-key7")) {
            all.add(new Refusal(
                    global(name),
                    "a good key under a bad serial",
                    GOOD_RSA,
                    "name",
                    name + ": a signing key is named user-token-signing-key-<serial>"));
        }
        all.add(new Refusal(
                inMesh(MESH, "dataplane-token-signing-key-" + MESH + "-x-1"),
                "a mesh key with a bad serial",
                GOOD_RSA,
                "name",
                "a signing key is named dataplane-token-signing-key-" + MESH + "-<serial>"));
        for (Target list : List.of(
                global("user-token-revocations"),
                global("zone-token-revocations"),
                inMesh(MESH, "dataplane-token-revocations-" + MESH),
                global("dataplane-token-revocations-" + MESH))) {
            String must = list.name() + " must hold the ids (jti) of revoked tokens separated by commas";
            all.add(new Refusal(list, "not base64", NOT_BASE64, null, "not valid base64"));
            all.add(new Refusal(list, "spaces", SPACED_LIST, "data", must));
            all.add(new Refusal(list, "spaces", SPACED_LIST, "data", "got: entry 2 of 2 contains whitespace"));
            all.add(new Refusal(list, "an empty entry", EMPTY_ENTRY_LIST, "data", "got: entry 2 of 3 is empty"));
            all.add(new Refusal(list, "binary", BINARY, "data", "got: entry 1 of 1 contains whitespace, a control"));
            all.add(new Refusal(list, "a PEM key", GOOD_RSA, "data", "contains whitespace"));
            all.add(new Refusal(list, "an overlong entry", b64("x".repeat(300)), "data", "is longer than 256"));
            all.add(new Refusal(list, "over 512 KiB", b64("a,".repeat(300_000)), "data", "(at most 524288)"));
        }
        Target admin = global("admin-user-token");
        String adminMust = "admin-user-token must hold a user token: a JWT signed with RS256";
        all.add(new Refusal(admin, "not a JWT", NOT_PEM, "data", adminMust));
        all.add(new Refusal(admin, "not a JWT", NOT_PEM, "data", "got: not a JWT"));
        all.add(new Refusal(admin, "a key", GOOD_RSA, "data", "got: not a JWT"));
        all.add(new Refusal(admin, "a JWT with a bad header", b64("e30.e30.e30"), "data", "not signed with RS256"));
        all.add(new Refusal(admin, "no data", "", "data", "got: no data"));
        Target cert = inMesh(MESH, MESH + ".ca-builtin-cert-ca-1");
        String certMust = cert.name() + " must hold the PEM-encoded CA certificate";
        all.add(new Refusal(cert, "not PEM", NOT_PEM, "data", certMust));
        all.add(new Refusal(cert, "not PEM", NOT_PEM, "data", "got: no PEM CERTIFICATE block found"));
        all.add(new Refusal(cert, "a key", GOOD_RSA, "data", "got: no PEM CERTIFICATE block found"));
        all.add(new Refusal(cert, "a leaf certificate", LEAF_CERT, "data", "got: a certificate that is not a CA"));
        Target key = inMesh(MESH, MESH + ".ca-builtin-key-ca-1");
        String keyMust = key.name() + " must hold the PEM-encoded private key of a builtin CA";
        all.add(new Refusal(key, "not PEM", NOT_PEM, "data", keyMust));
        all.add(new Refusal(key, "not PEM", NOT_PEM, "data", "got: no PEM private key block found"));
        all.add(new Refusal(key, "a certificate", CA_CERT, "data", "got: no PEM private key block found"));
        all.add(new Refusal(key, "a 512-bit RSA key", SMALL_RSA, "data", "got: a 512-bit RSA key"));
        return all;
    }

    @BeforeEach
    void setUp() {
        // other test classes empty the store; these are normally created at startup
        OnVertx.await(
                vertx,
                Duration.ofSeconds(30),
                "keys",
                () -> keys.ensureDefault(SigningKeyFamily.USER, "")
                        .chain(() -> keys.ensureDefault(SigningKeyFamily.ZONE, "")));
        Meshes.plain(MESH).put().then().statusCode(Matchers.oneOf(200, 201));
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of(
                "user-token-signing-key-9",
                "user-token-signing-key-10",
                "zone-token-signing-key-9",
                "user-token-revocations",
                "zone-token-revocations",
                "dataplane-token-revocations-" + MESH,
                "user-token-signing-key",
                "plain-secret")) {
            given().delete("/global-secrets/" + name);
        }
        given().delete("/meshes/" + MESH);
        given().delete("/meshes/" + CA_MESH);
    }

    @Test
    void everyRoleRefusesDataThatCannotServeItAndStoresNothing() {
        List<String> failures = new ArrayList<>();
        for (Refusal r : refusals()) {
            String before = given().get(r.target().path()).then().extract().asString();
            Response response = r.target().put(r.data());
            String what = r.target().path() + " with " + r.dataLabel() + ": ";
            JsonPath body = response.jsonPath();
            if (response.statusCode() != 400) {
                failures.add(what + "status " + response.statusCode() + " " + response.asString());
                continue;
            }
            if (r.field() == null) {
                if (!body.getString("detail").contains(r.reason())) {
                    failures.add(what + response.asString());
                }
            } else {
                List<Map<String, String>> params = body.getList("invalid_parameters");
                boolean named = params.stream()
                        .anyMatch(p -> r.field().equals(p.get("field"))
                                && p.get("reason").contains(r.reason()));
                if (!named || !"Could not process a resource".equals(body.getString("title"))) {
                    failures.add(what + response.asString());
                }
            }
            String after = given().get(r.target().path()).then().extract().asString();
            if (!after.equals(before)) {
                failures.add(what + "the stored secret changed: " + after);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aRefusedUpdateKeepsTheOldValue() {
        Target key = global("user-token-signing-key-9");
        key.put(GOOD_RSA).then().statusCode(201);
        key.put(NOT_PEM).then().statusCode(400);
        assertThat(given().get(key.path()).jsonPath().getString("data")).isEqualTo(GOOD_RSA);
    }

    @Test
    void dataThatServesTheRoleIsStored() {
        var accepted = List.of(
                List.of(global("user-token-signing-key-9"), GOOD_RSA),
                List.of(global("zone-token-signing-key-9"), GOOD_RSA),
                List.of(inMesh(MESH, "dataplane-token-signing-key-" + MESH + "-9"), GOOD_RSA),
                List.of(global("user-token-signing-key"), GOOD_RSA),
                List.of(global("user-token-revocations"), b64("jti-1,jti-2\n")),
                List.of(global("zone-token-revocations"), ""),
                List.of(
                        inMesh(MESH, "dataplane-token-revocations-" + MESH),
                        b64(UUID.randomUUID().toString())),
                List.of(inMesh(MESH, MESH + ".ca-builtin-cert-ca-1"), CA_CERT),
                List.of(inMesh(MESH, MESH + ".ca-builtin-key-ca-1"), GOOD_RSA),
                List.of(inMesh(MESH, MESH + ".ca-builtin-key-ca-2"), PKCS8_RSA),
                List.of(inMesh(MESH, MESH + ".ca-builtin-key-ca-3"), EC_KEY),
                // no role: stored as given, as Kuma does
                List.of(global("plain-secret"), NOT_PEM),
                List.of(inMesh(MESH, "other.ca-builtin-key-ca-1"), NOT_PEM),
                List.of(inMesh(MESH, "user-token-signing-key-9"), NOT_PEM));
        for (var a : accepted) {
            Target target = (Target) a.get(0);
            String data = (String) a.get(1);
            target.put(data).then().statusCode(201);
            String stored = given().get(target.path()).jsonPath().getString("data");
            assertThat(stored == null ? "" : stored).as(target.path()).isEqualTo(data);
        }
    }

    @Test
    void secretsMeshtrustCreatedPassTheirOwnRoleChecks() {
        Meshes.builtin(CA_MESH).put().then().statusCode(201);
        var created = List.of(
                global("user-token-signing-key-1"),
                global("zone-token-signing-key-1"),
                inMesh(CA_MESH, "dataplane-token-signing-key-" + CA_MESH + "-1"),
                inMesh(CA_MESH, CA_MESH + ".ca-builtin-cert-ca-1"),
                inMesh(CA_MESH, CA_MESH + ".ca-builtin-key-ca-1"));
        for (Target target : created) {
            String data = given().get(target.path())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getString("data");
            target.put(data).then().statusCode(200);
        }
        String token = given().contentType("application/json")
                .body("{\"name\":\"mesh-system:admin\"," + "\"groups\":[\"mesh-system:admin\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        global("admin-user-token").put(b64(token)).then().statusCode(Matchers.oneOf(200, 201));
        global("admin-user-token").put(NOT_PEM).then().statusCode(400);
        assertThat(given().get("/global-secrets/admin-user-token").jsonPath().getString("data"))
                .isEqualTo(b64(token));
    }

    /** One family's issuing endpoint, and where its broken key is planted. */
    record Issuing(String path, String body, ResourceKey planted, String detailName) {}

    @Test
    void aBrokenSigningKeyInTheStoreMakesIssuing503NamingItNot500() {
        var families = List.of(
                new Issuing(
                        "/tokens/user",
                        "{\"name\":\"a\",\"validFor\":\"1h\"}",
                        SigningKeyFamily.USER.keyFor("", 9),
                        "user-token-signing-key-9"),
                new Issuing(
                        "/tokens/zone",
                        "{\"zone\":\"z\",\"validFor\":\"1h\"}",
                        SigningKeyFamily.ZONE.keyFor("", 9),
                        "zone-token-signing-key-9"),
                new Issuing(
                        "/tokens/dataplane",
                        "{\"name\":\"dp-1\",\"mesh\":\"" + MESH + "\",\"validFor\":\"1h\"}",
                        SigningKeyFamily.DATAPLANE.keyFor(MESH, 9),
                        "dataplane-token-signing-key-" + MESH + "-9 in mesh \"" + MESH + "\""));
        var broken = Map.of(
                "not PEM",
                "this is not a key".getBytes(StandardCharsets.US_ASCII),
                "a 512-bit RSA key",
                pkcs1(RSA_512).getBytes(StandardCharsets.US_ASCII));
        for (Issuing family : families) {
            for (var data : broken.entrySet()) {
                plant(family.planted(), data.getValue());
                given().contentType("application/json")
                        .body(family.body())
                        .post(family.path())
                        .then()
                        .statusCode(503)
                        .body("type", Matchers.equalTo("/std-errors"))
                        .body("title", Matchers.equalTo("Could not issue a token"))
                        .body(
                                "detail",
                                Matchers.equalTo(
                                        "signing key " + family.detailName() + " is not a valid RSA private key (got: "
                                                + data.getKey() + "); replace or delete it"));
                OnVertx.await(vertx, Duration.ofSeconds(10), "delete", () -> store.delete(family.planted()));
                given().contentType("application/json")
                        .body(family.body())
                        .post(family.path())
                        .then()
                        .statusCode(200);
            }
        }
    }

    @Test
    void aTokenOfAKeyWhoseSecretIsBrokenIsRefusedAsForAnUnknownKey() throws Exception {
        // Key 9 is a 512-bit key (parses, but is refused as a signing key); key 10 is fine and planted after it, so
        // once a key-10 token authenticates, the key mirror has seen key 9 as well.
        plant(SigningKeyFamily.USER.keyFor("", 9), pkcs1(RSA_512).getBytes(StandardCharsets.US_ASCII));
        plant(SigningKeyFamily.USER.keyFor("", 10), pkcs1(RSA_2048).getBytes(StandardCharsets.US_ASCII));
        String token9 = sign("9", RSA_512.getPrivate());
        String token10 = sign("10", RSA_2048.getPrivate());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> remote(token10).get("/who-am-i").statusCode() == 200);
        remote(token9)
                .get("/who-am-i")
                .then()
                .statusCode(401)
                .body("title", Matchers.equalTo("Invalid authentication data"));
    }

    @Test
    void aBrokenBuiltinCaKeyInTheStoreMakesMinting503NotA500() throws Exception {
        Meshes.builtin(CA_MESH).put().then().statusCode(201);
        Dataplanes.web(CA_MESH, "web-1").noServicePort().put().then().statusCode(201);
        var caKey = ResourceKey.inMesh(ResourceType.SECRET, CA_MESH, CA_MESH + ".ca-builtin-key-ca-1");
        OnVertx.await(
                vertx,
                Duration.ofSeconds(10),
                "break the CA key",
                () -> store.get(caKey)
                        .chain(found -> store.update(found.orElseThrow()
                                .withSpec(
                                        SecretData.spec("not a key".getBytes(StandardCharsets.US_ASCII)),
                                        found.orElseThrow().labels()))));
        String csr = Json.encode(BadSecretData.csr(RSA_2048));
        given().contentType("application/json")
                .body("{\"csr\":" + csr + "}")
                .post("/meshes/" + CA_MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(503)
                .body("detail", Matchers.startsWith("failed to load CA key pair for backend \"ca-1\""));
        given().delete("/meshes/" + CA_MESH + "/dataplanes/web-1");
    }

    @Test
    void aBuiltinCaKeyReplacedByAnotherValidKeyMakesMinting503NamingTheMismatch() throws Exception {
        String mesh = CA_MESH + "-mismatch";
        Meshes.builtin(mesh).put().then().statusCode(201);
        Dataplanes.web(mesh, "web-1").noServicePort().put().then().statusCode(201);
        String csr = Json.encode(BadSecretData.csr(RSA_2048));
        given().contentType("application/json")
                .body("{\"csr\":" + csr + "}")
                .post("/meshes/" + mesh + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200);

        String keySecret = mesh + ".ca-builtin-key-ca-1";
        given().contentType("application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"" + mesh + "\",\"name\":\"" + keySecret + "\",\"data\":\""
                        + GOOD_RSA + "\"}")
                .put("/meshes/" + mesh + "/secrets/" + keySecret)
                .then()
                .statusCode(200);

        given().contentType("application/json")
                .body("{\"csr\":" + csr + "}")
                .post("/meshes/" + mesh + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(503)
                .body("detail", Matchers.containsString("do not belong together"));
        given().delete("/meshes/" + mesh + "/dataplanes/web-1");
        given().delete("/meshes/" + mesh);
    }

    private void plant(ResourceKey key, byte[] data) {
        OnVertx.await(
                vertx,
                Duration.ofSeconds(10),
                "plant",
                () -> store.create(Resource.draft(key, Map.of(), SecretData.spec(data))));
    }

    private static RequestSpecification remote(String token) {
        return given().header("Host", "api.example.com").header("Authorization", "Bearer " + token);
    }

    /** A user token in Kuma's format, signed here with the JDK, independently of meshtrust's issuer. */
    private static String sign(String kid, PrivateKey key) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
        String claims = "{\"Name\":\"role-test\",\"Groups\":[\"team-a\"],\"exp\":" + (now + 600) + ",\"nbf\":"
                + (now - 5) + ",\"iat\":" + (now - 5) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String input = encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + encoder.encodeToString(signature.sign());
    }
}
