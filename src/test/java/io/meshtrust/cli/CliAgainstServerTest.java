package io.meshtrust.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.TlsTestClient;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop of issue 7 point 3 against a running server: a key from {@code generate signing-key}, its
 * {@code generate public-key} configured as a static key, a token from {@code generate user-token --signing-key-path
 * --kid} accepted. Also online issuing (a dataplane token mints its own dataplane's certificate, not another's) and
 * a server error shown as one line (point 8).
 */
@QuarkusTest
@TestProfile(CliAgainstServerTest.Profile.class)
class CliAgainstServerTest {

    static final Path DIR = Path.of("target", "cli-against-server-test").toAbsolutePath();
    static final String KID = "cli-offline-1";

    @TestHTTPResource("/")
    URL server;

    @Inject
    HttpsPort httpsPort;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Quarkus may ask a profile more than once (and from another class loader): make the pair once.
            Path key = DIR.resolve("signing.pem");
            Path pub = DIR.resolve("public.pem");
            if (!Files.exists(pub)) {
                try {
                    Files.createDirectories(DIR);
                    var signingKey = Cli.run("generate", "signing-key", "--format=pem");
                    assertThat(signingKey.exitCode()).isZero();
                    Files.writeString(key, signingKey.out());
                    var publicKey = Cli.run("generate", "public-key", "--signing-key-path", key.toString());
                    assertThat(publicKey.exitCode()).isZero();
                    Files.writeString(pub, publicKey.out());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            String prefix = "kuma.api-server.authn.tokens.validator.";
            return Map.of(prefix + "public-keys[0].kid", KID, prefix + "public-keys[0].key-file", pub.toString());
        }
    }

    @Test
    void offlineUserTokenIsAcceptedByAServerWithItsPublicKey() {
        var r = Cli.run(
                "generate",
                "user-token",
                "--name",
                "jane",
                "--group",
                "team-a",
                "--valid-for",
                "10m",
                "--signing-key-path",
                DIR.resolve("signing.pem").toString(),
                "--kid",
                KID);
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        // not from localhost's Host, so the token, not loopback, authenticates
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + r.out())
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("jane"));
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheSameKidIsRefused() throws IOException {
        Path other = DIR.resolve("other.pem");
        Files.writeString(
                other, Cli.run("generate", "signing-key", "--format=pem").out());
        var r = Cli.run(
                "generate",
                "user-token",
                "--name",
                "mallory",
                "--valid-for",
                "10m",
                "--signing-key-path",
                other.toString(),
                "--kid",
                KID);
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + r.out())
                .get("/who-am-i")
                .then()
                .statusCode(401);
    }

    @Test
    void onlineUserTokenThroughTheApi() {
        var r = Cli.run(online(), "generate", "user-token", "--name", "online", "--group", "g", "--valid-for", "1h");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + r.out())
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("online"));
    }

    @Test
    void serverValidationErrorIsOneReadableLine() {
        var r = Cli.run(online(), "generate", "user-token", "--name", "x", "--valid-for", "0s");
        assertThat(r.out()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err())
                .startsWith("Error: failed to generate a user token: (400): ")
                .contains("validFor: cannot be empty or nil")
                .doesNotContain("{");
    }

    @Test
    void controlPlaneAddedWithTheCliIsUsedByOnlineCommands(@TempDir Path dir) {
        var context = new Main.Context(InstantSource.system(), dir.resolve("config"));
        var r = Cli.run(context, "config", "control-planes", "add", "--name", "test", "--address", server.toString());
        assertThat(r)
                .isEqualTo(new Cli.Result(
                        0, "added Control Plane \"test\"\nswitched active Control Plane to \"test\"\n", ""));
        r = Cli.run(context, "generate", "zone-token", "--zone", "east", "--valid-for", "1h");
        assertThat(r.err()).isEmpty();
        assertThat(r.out().split("\\.")).hasSize(3);
    }

    @Test
    void applyGetDeleteRoundTrip() throws IOException {
        Path file = DIR.resolve("round-trip.yaml");
        Files.writeString(file, """
                type: Mesh
                name: cli-rt
                ---
                type: Secret
                mesh: cli-rt
                name: cli-rt-secret
                data: dmFsdWU=
                ---
                type: Dataplane
                mesh: cli-rt
                name: cli-rt-dp
                networking:
                  address: 10.0.0.1
                  inbound:
                  - port: 8080
                    tags:
                      kuma.io/service: web
                """);
        var r = Cli.run(online(), "apply", "-f", file.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        r = Cli.run(online(), "get", "meshes");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("NAME ").containsPattern("(?m)^cli-rt +off +off +off +off +off +off +\\d+s$");
        r = Cli.run(online(), "get", "dataplanes", "--mesh", "cli-rt");
        assertThat(r.out()).containsPattern("(?m)^cli-rt +cli-rt-dp +kuma.io/service=web +\\d+s$");
        r = Cli.run(online(), "get", "secret".concat("s"), "-m", "cli-rt", "-o", "json");
        assertThat(r.out()).contains("\"name\" : \"cli-rt-secret\"");
        // what get -o yaml prints for one resource can be applied again (creationTime and all)
        Path again = DIR.resolve("round-trip-again.yaml");
        Files.writeString(
                again,
                Cli.run(online(), "get", "dataplane", "cli-rt-dp", "-m", "cli-rt", "-o", "yaml")
                        .out());
        r = Cli.run(online(), "apply", "-f", again.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(Cli.run(online(), "delete", "dataplane", "cli-rt-dp", "-m", "cli-rt")
                        .exitCode())
                .isZero();
        assertThat(Cli.run(online(), "delete", "secret", "cli-rt-secret", "-m", "cli-rt")
                        .exitCode())
                .isZero();
        assertThat(Cli.run(online(), "delete", "mesh", "cli-rt").out()).isEqualTo("deleted Mesh \"cli-rt\"\n");
        r = Cli.run(online(), "get", "mesh", "cli-rt");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: No resources found\n");
    }

    @Test
    void onlineDataplaneTokenMintsACertificateForItsDataplaneOnly() throws IOException {
        Path file = DIR.resolve("dataplane-token.yaml");
        Files.writeString(file, """
                type: Mesh
                name: cli-dp
                mtls:
                  enabledBackend: ca-1
                  backends:
                  - name: ca-1
                    type: builtin
                ---
                type: Dataplane
                mesh: cli-dp
                name: cli-web-1
                networking:
                  address: 10.0.0.1
                  inbound:
                  - port: 8080
                    tags:
                      kuma.io/service: web
                ---
                type: Dataplane
                mesh: cli-dp
                name: cli-backend-1
                networking:
                  address: 10.0.0.2
                  inbound:
                  - port: 8080
                    tags:
                      kuma.io/service: web
                """);
        var applied = Cli.run(online(), "apply", "-f", file.toString());
        assertThat(applied.err()).isEmpty();
        // the mesh's signing key, created with the mesh, reaches the token issuer through the change feed
        String[] token = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var r = Cli.run(
                    online(),
                    "generate",
                    "dataplane-token",
                    "--mesh",
                    "cli-dp",
                    "--name",
                    "cli-web-1",
                    "--tag",
                    "kuma.io/service=web",
                    "--valid-for",
                    "1h");
            assertThat(r.err()).isEmpty();
            assertThat(r.exitCode()).isZero();
            token[0] = r.out();
        });
        assertThat(token[0].split("\\.")).hasSize(3);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> mintAs(token[0], "cli-web-1")
                        .then()
                        .statusCode(200)
                        .body("spiffeId", equalTo("spiffe://cli-dp/web")));
        // the dataplane next to it has the same tags, but another name
        mintAs(token[0], "cli-backend-1")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        equalTo("proxy name from requestor: cli-backend-1 is different than in token: cli-web-1"));
    }

    /** POSTs a server-keygen certificate request as a remote data plane (not localhost-admin) with its token. */
    private static Response mintAs(String token, String dataplane) {
        return given().header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .body("{}")
                .post("/meshes/cli-dp/dataplanes/" + dataplane + "/certificate");
    }

    private Main.Context online() {
        return Cli.controlPlane(DIR.resolve("online-config"), InstantSource.system(), server.toString());
    }

    @Test
    void verifiesTheServersOwnGeneratedCertificateWithCaCertFile() throws Exception {
        // the certificate the HTTPS listener generated (Kuma's profile: empty subject and issuer), as a CA file
        Path served = DIR.resolve("served.pem");
        Files.writeString(
                served,
                PemCodec.encodeCertificates(
                        TlsTestClient.serverChain("127.0.0.1", httpsPort.get().orElseThrow())));
        Path config = DIR.resolve("tls-config");
        Files.deleteIfExists(config);
        var context = new Main.Context(InstantSource.system(), config);
        String address = "https://localhost:" + httpsPort.get().orElseThrow();
        var added = Cli.run(
                context,
                "config",
                "control-planes",
                "add",
                "--name",
                "tls",
                "--address",
                address,
                "--ca-cert-file",
                served.toString());
        assertThat(added.err()).isEmpty();
        assertThat(added.exitCode()).isZero();
        var meshes = Cli.run(context, "get", "meshes", "-o", "json");
        assertThat(meshes.exitCode()).isZero();
        assertThat(meshes.out()).contains("\"items\"");

        // another certificate as the CA: refused, exit 2
        Path other = DIR.resolve("other-ca.pem");
        Files.deleteIfExists(other);
        Files.deleteIfExists(DIR.resolve("other-ca.key"));
        assertThat(Cli.run(
                                "generate",
                                "tls-certificate",
                                "--type=server",
                                "--hostname",
                                "localhost",
                                "--cert-file",
                                other.toString(),
                                "--key-file",
                                DIR.resolve("other-ca.key").toString())
                        .exitCode())
                .isZero();
        var refused = Cli.run(
                context,
                "config",
                "control-planes",
                "add",
                "--name",
                "wrong",
                "--address",
                address,
                "--ca-cert-file",
                other.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("Error: could not connect to the Control Plane API Server: could not "
                        + "connect to API " + address
                        + ": TLS: the server's certificate is not signed by a certificate in "
                        + other);
    }
}
