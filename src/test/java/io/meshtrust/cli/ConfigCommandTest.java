package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config control-planes add|list|switch|remove} and how API commands use the current control plane. */
class ConfigCommandTest {

    @TempDir
    Path dir;

    Main.Context context;
    StubControlPlane http;

    @BeforeEach
    void start() throws Exception {
        context = new Main.Context(InstantSource.system(), dir.resolve("home/.meshtrust/config"));
        http = new StubControlPlane(false);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void addListSwitchRemove() throws Exception {
        assertThat(Cli.run(context, "config", "control-planes", "list").out())
                .isEqualTo("ACTIVE   NAME    ADDRESS\n*        local   http://localhost:5681\n");
        var r = Cli.run(context, "config", "control-planes", "add", "--name", "stub", "--address", http.url());
        assertThat(r)
                .isEqualTo(new Cli.Result(
                        0, "added Control Plane \"stub\"\nswitched active Control Plane to \"stub\"\n", ""));
        Path file = context.configFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("currentContext: stub").contains("url: " + http.url());
        assertThat(Cli.run(context, "config", "control-planes", "list").out())
                .isEqualTo("ACTIVE   NAME    ADDRESS\n         local   http://localhost:5681\n*        stub    "
                        + http.url() + "\n");
        assertThat(Cli.run(context, "config", "control-planes", "add", "--name", "stub", "--address", http.url()))
                .isEqualTo(new Cli.Result(
                        1,
                        "",
                        "Error: Control Plane with name \"stub\" already exists. "
                                + "Use --overwrite to replace an existing one.\n"));
        assertThat(Cli.run(
                                context,
                                "config",
                                "control-planes",
                                "add",
                                "--name",
                                "stub",
                                "--address",
                                http.url(),
                                "--overwrite")
                        .exitCode())
                .isZero();
        assertThat(Cli.run(context, "config", "control-planes", "switch", "--name", "local")
                        .out())
                .isEqualTo("switched active Control Plane to \"local\"\n");
        assertThat(Cli.run(context, "config", "control-planes", "switch", "--name", "nope"))
                .isEqualTo(new Cli.Result(1, "", "Error: there is no Control Plane with name \"nope\"\n"));
        assertThat(Cli.run(context, "config", "control-planes", "remove", "--name", "stub")
                        .out())
                .isEqualTo("removed Control Plane \"stub\"\n");
        assertThat(Cli.run("--config-file", file.toString(), "config", "control-planes", "list")
                        .out())
                .isEqualTo("ACTIVE   NAME    ADDRESS\n*        local   http://localhost:5681\n");
    }

    @Test
    void configFileFlagWorksAfterTheCommandToo() {
        Path other = dir.resolve("other-config");
        var r = Cli.run(
                context,
                "config",
                "control-planes",
                "add",
                "--name",
                "x",
                "--address",
                http.url(),
                "--config-file",
                other.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(other).exists();
        assertThat(context.configFile()).doesNotExist();
    }

    @Test
    void tokensAuthIsSentAsBearer() {
        assertThat(Cli.run(
                                context,
                                "config",
                                "control-planes",
                                "add",
                                "--name",
                                "stub",
                                "--address",
                                http.url(),
                                "--auth-type=tokens",
                                "--auth-conf",
                                "token=abc.def.ghi")
                        .exitCode())
                .isZero();
        var r = Cli.run(context, "generate", "zone-token", "--zone", "z", "--valid-for", "1h");
        assertThat(r).isEqualTo(new Cli.Result(0, "header.payload.signature", ""));
        assertThat(http.lastAuthorization)
                .containsEntry("/tokens/zone", "Bearer abc.def.ghi")
                .containsEntry("/", "Bearer abc.def.ghi");
    }

    @Test
    void authAndAddressErrors() {
        String[] base = {"config", "control-planes", "add", "--name", "s", "--address", http.url()};
        assertThat(run(base, "--auth-type=tokens"))
                .isEqualTo(new Cli.Result(1, "", "Error: provide token=YOUR_TOKEN\n"));
        assertThat(run(base, "--auth-type=ldap", "--auth-conf", "token=x"))
                .isEqualTo(new Cli.Result(1, "", "Error: authentication plugin of type \"ldap\" not found\n"));
        assertThat(Cli.run(context, "config", "control-planes", "add", "--name", "s", "--address", "localhost:1"))
                .isEqualTo(new Cli.Result(
                        1,
                        "",
                        "Error: API Server URL is invalid: \"localhost:1\" must start with "
                                + "http:// or https://\n"));
        var r = Cli.run(context, "config", "control-planes", "add", "--name", "s", "--address", "http://127.0.0.1:9");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Error: could not connect to the Control Plane API Server: could not connect to "
                        + "API http://127.0.0.1:9: connection refused\n");
        assertThat(context.configFile()).doesNotExist();
    }

    @Test
    void serverFailureIsExitTwoWithOneLine() {
        Cli.run(context, "config", "control-planes", "add", "--name", "stub", "--address", http.url());
        http.tokenStatus = 500;
        http.tokenBody = "Internal Server Error";
        assertThat(Cli.run(context, "generate", "dataplane-token", "--valid-for", "1h"))
                .isEqualTo(new Cli.Result(
                        2, "", "Error: failed to generate a dataplane token: (500): Internal Server Error\n"));
        http.tokenStatus = 403;
        http.tokenBody = "{\"type\":\"/std-errors\",\"status\":403,\"title\":\"Access Denied\","
                + "\"detail\":\"user \\\"u\\\" cannot access generate dataplane token\"}";
        assertThat(Cli.run(context, "generate", "dataplane-token", "--valid-for", "1h"))
                .isEqualTo(new Cli.Result(
                        1,
                        "",
                        "Error: failed to generate a dataplane token: (403): Access Denied: "
                                + "user \"u\" cannot access generate dataplane token\n"));
    }

    @Test
    void httpsVerifiesWithTheCaFileOrSkipsVerification() throws Exception {
        try (var https = new StubControlPlane(true)) {
            Path ca = dir.resolve("ca.pem");
            Files.writeString(ca, https.tls.certificatePem());
            var r = Cli.run(context, "config", "control-planes", "add", "--name", "tls", "--address", https.url());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("Error: could not connect to the Control Plane API Server: could not "
                            + "connect to API " + https.url() + ": TLS: ");
            assertThat(r.err().lines()).hasSize(1);
            assertThat(Cli.run(
                                    context,
                                    "config",
                                    "control-planes",
                                    "add",
                                    "--name",
                                    "tls",
                                    "--address",
                                    https.url(),
                                    "--ca-cert-file",
                                    ca.toString())
                            .exitCode())
                    .isZero();
            assertThat(Cli.run(context, "generate", "zone-token", "--zone", "z", "--valid-for", "1h")
                            .out())
                    .isEqualTo("header.payload.signature");
            // the certificate names localhost only: 127.0.0.1 fails the host-name check even with the CA
            String byIp = https.url().replace("localhost", "127.0.0.1");
            assertThat(Cli.run(
                                    context,
                                    "config",
                                    "control-planes",
                                    "add",
                                    "--name",
                                    "ip",
                                    "--address",
                                    byIp,
                                    "--ca-cert-file",
                                    ca.toString())
                            .exitCode())
                    .isEqualTo(2);
            assertThat(Cli.run(
                                    context,
                                    "config",
                                    "control-planes",
                                    "add",
                                    "--name",
                                    "ip",
                                    "--address",
                                    byIp,
                                    "--skip-verify")
                            .exitCode())
                    .isZero();
            assertThat(Cli.run(
                            context,
                            "config",
                            "control-planes",
                            "add",
                            "--name",
                            "both",
                            "--address",
                            byIp,
                            "--skip-verify",
                            "--ca-cert-file",
                            ca.toString()))
                    .isEqualTo(
                            new Cli.Result(1, "", "Error: --ca-cert-file and --skip-verify cannot be used together\n"));
        }
    }

    @Test
    void clientCertificateIsPresentedToAControlPlaneThatRequiresOne() throws Exception {
        try (var https = new StubControlPlane(true, true)) {
            Path ca = dir.resolve("ca.pem");
            Files.writeString(ca, https.tls.certificatePem());
            // Kuma's admin client certificates: self-signed, empty subject (kumactl generate tls-certificate
            // --type=client)
            var client = SelfSignedCertificates.generate(KeyType.rsa, CertType.client, List.of("admin"), Instant.now());
            Path cert = dir.resolve("client.pem");
            Path key = dir.resolve("client.key");
            Files.writeString(cert, client.certificatePem());
            Files.writeString(key, client.privateKeyPem());
            String[] add = {
                "config",
                "control-planes",
                "add",
                "--name",
                "mtls",
                "--address",
                https.url(),
                "--ca-cert-file",
                ca.toString()
            };

            var r = run(add);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).startsWith("Error: could not connect to the Control Plane API Server: ");
            assertThat(https.clientChains).isEmpty();

            r = run(add, "--client-cert-file", cert.toString(), "--client-key-file", key.toString());
            assertThat(r.err()).isEmpty();
            assertThat(r.exitCode()).isZero();
            var yaml =
                    Resources.YAML.readTree(context.configFile().toFile()).at("/controlPlanes/1/coordinates/apiServer");
            assertThat(yaml.path("clientCertFile").asText())
                    .isEqualTo(cert.toAbsolutePath().toString());
            assertThat(yaml.path("clientKeyFile").asText())
                    .isEqualTo(key.toAbsolutePath().toString());

            assertThat(Cli.run(context, "generate", "zone-token", "--zone", "z", "--valid-for", "1h")
                            .out())
                    .isEqualTo("header.payload.signature");
            assertThat(https.clientChains)
                    .hasSize(2)
                    .allSatisfy(chain -> assertThat(chain)
                            .hasSize(1)
                            .allSatisfy(c -> assertThat(c.getEncoded())
                                    .isEqualTo(client.certificate().getEncoded())));
        }
    }

    @Test
    void clientCertificateNeedsItsKeyAndTheRightOne() throws Exception {
        var client = SelfSignedCertificates.generate(KeyType.ecdsa, CertType.client, List.of("admin"), Instant.now());
        var other = SelfSignedCertificates.generate(KeyType.ecdsa, CertType.client, List.of("admin"), Instant.now());
        Path cert = dir.resolve("client.pem");
        Path otherKey = dir.resolve("other.key");
        Files.writeString(cert, client.certificatePem());
        Files.writeString(otherKey, other.privateKeyPem());
        String[] add = {"config", "control-planes", "add", "--name", "s", "--address", http.url()};
        assertThat(run(add, "--client-cert-file", cert.toString()))
                .isEqualTo(new Cli.Result(
                        1, "", "Error: Both --client-cert-file and --client-key-file needs to be specified\n"));
        assertThat(run(add, "--client-key-file", otherKey.toString()).err())
                .isEqualTo("Error: Both --client-cert-file and --client-key-file needs to be specified\n");
        var r = run(add, "--client-cert-file", cert.toString(), "--client-key-file", otherKey.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: the client key file " + otherKey.toAbsolutePath()
                        + " does not match the client certificate " + cert.toAbsolutePath() + "\n");
        r = run(add, "--client-cert-file", otherKey.toString(), "--client-key-file", otherKey.toString());
        assertThat(r.err())
                .startsWith("Error: the client certificate file " + otherKey.toAbsolutePath() + " is not valid PEM: ");
        assertThat(context.configFile()).doesNotExist();
    }

    @Test
    void headersAreStoredLikeKumactlAndSentWithEveryRequest() throws Exception {
        var r = run(
                new String[] {"config", "control-planes", "add", "--name", "stub", "--address", http.url()},
                "--headers",
                "x-team=payments",
                "--headers",
                "x-b=2,x-a=1",
                "--auth-type=tokens",
                "--auth-conf",
                "token=t");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        var headers = Resources.YAML
                .readTree(context.configFile().toFile())
                .at("/controlPlanes/1/coordinates/apiServer/addHeaders");
        assertThat(headers.toString())
                .isEqualTo("[{\"key\":\"x-a\",\"value\":\"1\"},{\"key\":\"x-b\",\"value\":\"2\"},"
                        + "{\"key\":\"x-team\",\"value\":\"payments\"}]");
        // the check of the address sent them
        assertThat(http.lastHeaders.getFirst("x-team")).isEqualTo("payments");
        // over cleartext, plain HTTP/1.1 as kumactl: no h2c upgrade offered (see ApiClient)
        assertThat(http.lastHeaders.keySet())
                .as("request headers")
                .noneMatch(h -> h.equalsIgnoreCase("Upgrade") || h.equalsIgnoreCase("HTTP2-Settings"));

        http.lastHeaders = null;
        assertThat(Cli.run(context, "generate", "zone-token", "--zone", "z", "--valid-for", "1h")
                        .exitCode())
                .isZero();
        assertThat(http.lastHeaders.getFirst("x-team")).isEqualTo("payments");
        assertThat(http.lastHeaders.getFirst("x-a")).isEqualTo("1");
        assertThat(http.lastHeaders.getFirst("x-b")).isEqualTo("2");
        assertThat(http.lastHeaders.getFirst("Authorization")).isEqualTo("Bearer t");
    }

    @Test
    void aHeaderTheHttpClientReservesIsOneLine() {
        var r = run(
                new String[] {"config", "control-planes", "add", "--name", "stub", "--address", http.url()},
                "--headers",
                "Host=api.example.com");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("Error: could not connect to the Control Plane API Server: cannot add the "
                        + "header \"Host\" to requests: ")
                .doesNotContain("\n\n");
        assertThat(r.err().lines()).hasSize(1);
    }

    private Cli.Result run(String[] base, String... more) {
        String[] args = Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
        return Cli.run(context, args);
    }
}
