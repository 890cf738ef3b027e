package io.meshtrust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.TlsTestClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A pair already in the work dir is reused as is; with {@code KUMA_API_SERVER_AUTHN_TYPE=adminClientCerts} client
 * certificates are requested and verified if given (Kuma-style self-signed admin certificates from
 * {@code KUMA_API_SERVER_AUTH_CLIENT_CERTS_DIR}), and the verified certificate reaches request filters.
 */
@QuarkusTest
@TestProfile(ReusedPairAndClientCertsTest.Profile.class)
class ReusedPairAndClientCertsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Fixtures.class));
        }
    }

    /** Writes the existing work-dir pair and the client certificates before the application starts. */
    public static class Fixtures implements QuarkusTestResourceLifecycleManager {
        private Path root;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("meshtrust-reused");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CertificateAndKey existing = TestCertificates.selfSigned(CertType.server, "reused.example", "localhost");
            TestCertificates.write(root.resolve("work/kuma-cp.crt"), existing.certificatePem());
            TestCertificates.write(root.resolve("work/kuma-cp.key"), existing.privateKeyPem());
            writeClient("admin", CertType.client, true);
            writeClient("server-type", CertType.server, true);
            writeClient("stranger", CertType.client, false);
            return Map.of(
                    "kuma.general.work-dir", root.resolve("work").toString(),
                    "kuma.api-server.https.port", "0",
                    "kuma.api-server.authn.type", "adminClientCerts",
                    "kuma.api-server.auth.client-certs-dir",
                            root.resolve("clients").toString(),
                    "test.meshtrust.fixtures", root.toString());
        }

        private void writeClient(String name, CertType type, boolean trusted) {
            CertificateAndKey client = TestCertificates.selfSigned(type, name);
            Path certDir = root.resolve(trusted ? "clients" : "untrusted");
            TestCertificates.write(certDir.resolve(name + ".pem"), client.certificatePem());
            TestCertificates.write(root.resolve("keys/" + name + ".key"), client.privateKeyPem());
        }

        @Override
        public void stop() {
            TestCertificates.deleteRecursively(root);
        }
    }

    @Inject
    HttpsPort httpsPort;

    @ConfigProperty(name = "test.meshtrust.fixtures")
    Path fixtures;

    @Test
    void reusesTheExistingPairUntouched() throws Exception {
        String certPem = Files.readString(fixtures.resolve("work/kuma-cp.crt"));
        assertThat(servedCertificate())
                .isEqualTo(PemCodec.parseCertificates(certPem).get(0));
        try (var files = Files.list(fixtures.resolve("work"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("kuma-cp.crt", "kuma-cp.key", ".kuma-cp.lock");
        }
    }

    @Test
    void exposesTrustedClientCertificateToFilters() throws Exception {
        CertificateAndKey admin = client("clients", "admin");
        Map<String, Object> echo = GeneratedCertificateTest.json(
                TlsTestClient.get(TlsTestClient.httpClient(servedCertificate(), admin), url()));
        assertThat(echo)
                .containsEntry("ssl", true)
                .containsEntry(
                        "peerSerial", admin.certificate().getSerialNumber().toString(16))
                .containsEntry("peerSubject", "");
    }

    @Test
    void acceptsClientsWithoutCertificate() throws Exception {
        assertThat(statusLine(null)).isEqualTo("HTTP/1.1 200 OK");
        Map<String, Object> echo = GeneratedCertificateTest.json(
                TlsTestClient.get(TlsTestClient.httpClient(servedCertificate(), null), url()));
        assertThat(echo).containsEntry("ssl", true).containsEntry("peerSerial", null);
    }

    @Test
    void rejectsClientCertificateNotInThePool() throws Exception {
        assertThatThrownBy(() -> statusLine(client("untrusted", "stranger"))).isInstanceOf(SSLException.class);
    }

    @Test
    void rejectsPooledCertificateThatIsNotForClientAuthentication() throws Exception {
        assertThatThrownBy(() -> statusLine(client("clients", "server-type"))).isInstanceOf(SSLException.class);
    }

    @Test
    void verifiedClientCertificateIsAdminAndNothingElseIs() throws Exception {
        int port = httpsPort.get().orElseThrow();
        // a Host that is not loopback: only the certificate can make this request admin
        assertThat(TlsTestClient.statusLine(
                        "localhost",
                        port,
                        servedCertificate(),
                        client("clients", "admin"),
                        "/secrets",
                        "api.example.com"))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(TlsTestClient.statusLine(
                        "localhost", port, servedCertificate(), null, "/secrets", "api.example.com"))
                .isEqualTo("HTTP/1.1 403 Forbidden");
    }

    private CertificateAndKey client(String folder, String name) throws Exception {
        return new CertificateAndKey(
                PemCodec.parseCertificates(Files.readString(fixtures.resolve(folder + "/" + name + ".pem"))),
                PemCodec.parsePrivateKey(Files.readString(fixtures.resolve("keys/" + name + ".key"))));
    }

    private X509Certificate servedCertificate() throws Exception {
        return TlsTestClient.serverChain("127.0.0.1", httpsPort.get().orElseThrow())
                .get(0);
    }

    private String statusLine(CertificateAndKey client) throws Exception {
        return TlsTestClient.statusLine(
                "localhost", httpsPort.get().orElseThrow(), servedCertificate(), client, "/_test/hello");
    }

    private String url() {
        return "https://localhost:" + httpsPort.get().orElseThrow() + "/_test/echo";
    }
}
