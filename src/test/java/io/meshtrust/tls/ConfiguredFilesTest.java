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
 * Configured files win: {@code KUMA_API_SERVER_HTTPS_TLS_CERT_FILE}/{@code _KEY_FILE} (a PKCS#8 EC key) over the general
 * pair, and nothing is generated in the work dir. With {@code KUMA_API_SERVER_HTTPS_REQUIRE_CLIENT_CERT=true} a client
 * certificate issued by the CA of {@code KUMA_API_SERVER_HTTPS_TLS_CA_FILE} is required.
 */
@QuarkusTest
@TestProfile(ConfiguredFilesTest.Profile.class)
class ConfiguredFilesTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Fixtures.class));
        }
    }

    public static class Fixtures implements QuarkusTestResourceLifecycleManager {
        private Path root;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("meshtrust-configured");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CertificateAndKey api = TestCertificates.selfSigned(CertType.server, "localhost", "127.0.0.1");
            CertificateAndKey general = TestCertificates.selfSigned(CertType.server, "localhost", "127.0.0.1");
            CertificateAndKey ca = TestCertificates.ca("meshtrust test client CA");
            CertificateAndKey client = TestCertificates.issueClient(ca, "tls-test-client");
            TestCertificates.write(root.resolve("api.crt"), api.certificatePem());
            TestCertificates.write(root.resolve("api.key"), TestCertificates.pkcs8(api));
            TestCertificates.write(root.resolve("general.crt"), general.certificatePem());
            TestCertificates.write(root.resolve("general.key"), general.privateKeyPem());
            TestCertificates.write(root.resolve("ca.pem"), ca.certificatePem());
            TestCertificates.write(root.resolve("client.crt"), client.certificatePem());
            TestCertificates.write(root.resolve("client.key"), client.privateKeyPem());
            return Map.of(
                    "kuma.general.work-dir", root.resolve("work").toString(),
                    "kuma.general.tls-cert-file", root.resolve("general.crt").toString(),
                    "kuma.general.tls-key-file", root.resolve("general.key").toString(),
                    "kuma.api-server.https.tls-cert-file",
                            root.resolve("api.crt").toString(),
                    "kuma.api-server.https.tls-key-file",
                            root.resolve("api.key").toString(),
                    "kuma.api-server.https.tls-ca-file", root.resolve("ca.pem").toString(),
                    "kuma.api-server.https.require-client-cert", "true",
                    "kuma.api-server.https.port", "0",
                    "test.meshtrust.fixtures", root.toString());
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
    void servesTheApiServerPairNotTheGeneralOne() throws Exception {
        assertThat(servedCertificate()).isEqualTo(certificate("api.crt"));
        assertThat(servedCertificate()).isNotEqualTo(certificate("general.crt"));
    }

    @Test
    void generatesNothingInTheWorkDir() {
        assertThat(fixtures.resolve("work")).doesNotExist();
    }

    @Test
    void acceptsClientCertificateIssuedByTheConfiguredCa() throws Exception {
        CertificateAndKey client = new CertificateAndKey(
                List.of(certificate("client.crt")),
                PemCodec.parsePrivateKey(Files.readString(fixtures.resolve("client.key"))));
        Map<String, Object> echo = GeneratedCertificateTest.json(
                TlsTestClient.get(TlsTestClient.httpClient(servedCertificate(), client), url()));
        assertThat(echo).containsEntry("peerSubject", "CN=tls-test-client");
        assertThat(statusLine(client)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void refusesClientsWithoutCertificate() throws Exception {
        assertThatThrownBy(() -> statusLine(null)).isInstanceOf(SSLException.class);
    }

    @Test
    void refusesSelfSignedClientCertificateNotInThePool() throws Exception {
        assertThatThrownBy(() -> statusLine(TestCertificates.selfSigned(CertType.client, "intruder")))
                .isInstanceOf(SSLException.class);
    }

    private X509Certificate certificate(String file) throws Exception {
        return PemCodec.parseCertificates(Files.readString(fixtures.resolve(file)))
                .get(0);
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
