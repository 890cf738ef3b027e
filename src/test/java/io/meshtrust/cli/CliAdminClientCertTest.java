package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kumactl's admin client certificate end to end: a server with {@code adminClientCerts} makes a request presenting a
 * pooled certificate admin; the CLI presents the one named by {@code config control-planes add --client-cert-file
 * --client-key-file}. A proxy header added with {@code --headers} keeps the server from treating the CLI as localhost's
 * admin, so only the certificate can make it admin.
 */
@QuarkusTest
@TestProfile(CliAdminClientCertTest.Profile.class)
class CliAdminClientCertTest {

    static final Path DIR = Path.of("target", "cli-admin-client-cert-test").toAbsolutePath();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Quarkus may ask a profile more than once (and from another class loader): write the files once.
            if (!Files.exists(DIR.resolve("keys/stranger.key"))) {
                write("admin", true);
                write("stranger", false);
            }
            return Map.of(
                    "kuma.general.work-dir",
                    DIR.resolve("work").toString(),
                    "kuma.api-server.https.port",
                    "0",
                    "kuma.api-server.authn.type",
                    "adminClientCerts",
                    "kuma.api-server.auth.client-certs-dir",
                    DIR.resolve("clients").toString());
        }

        private static void write(String name, boolean pooled) {
            // Kuma's admin certificates: self-signed client certificates (kumactl generate tls-certificate
            // --type=client)
            CertificateAndKey client =
                    SelfSignedCertificates.generate(KeyType.rsa, CertType.client, List.of(name), Instant.now());
            try {
                Files.createDirectories(DIR.resolve("clients"));
                Files.createDirectories(DIR.resolve("certs"));
                Files.createDirectories(DIR.resolve("keys"));
                Files.writeString(DIR.resolve("certs/" + name + ".pem"), client.certificatePem());
                if (pooled) {
                    Files.writeString(DIR.resolve("clients/" + name + ".pem"), client.certificatePem());
                }
                Files.writeString(DIR.resolve("keys/" + name + ".key"), client.privateKeyPem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    HttpsPort httpsPort;

    @TempDir
    Path dir;

    @Test
    void pooledClientCertificateMakesTheCliAdminAndAStrangerIsRefused() {
        var context = new Main.Context(InstantSource.system(), dir.resolve("config"));
        String url = "https://localhost:" + httpsPort.get().orElseThrow();
        String[] add = {
            "config",
            "control-planes",
            "add",
            "--name",
            "cp",
            "--address",
            url,
            "--skip-verify",
            "--headers",
            "X-Forwarded-For=203.0.113.7",
            "--overwrite"
        };

        assertThat(Cli.run(context, add).exitCode()).isZero(); // GET / answers anyone
        var r = Cli.run(context, "get", "global-secrets");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: (403): Access Denied");

        r = Cli.run(
                context,
                concat(
                        add,
                        "--client-cert-file",
                        DIR.resolve("certs/admin.pem").toString(),
                        "--client-key-file",
                        DIR.resolve("keys/admin.key").toString()));
        assertThat(r.err()).isEmpty();
        r = Cli.run(context, "get", "global-secrets");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("NAME ").contains("user-token-signing-key-1");

        // a certificate the server does not pool fails the handshake
        r = Cli.run(
                context,
                concat(
                        add,
                        "--name",
                        "stranger",
                        "--client-cert-file",
                        DIR.resolve("certs/stranger.pem").toString(),
                        "--client-key-file",
                        DIR.resolve("keys/stranger.key").toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Error: could not connect to the Control Plane API Server: could not connect " + "to API "
                        + url);
    }

    private static String[] concat(String[] base, String... more) {
        return Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
    }
}
