package io.meshtrust.tls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.TlsTestClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.assertj.core.api.Assertions;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS listener with no certificate configured: Kuma's self-signed certificate is generated in the work dir, and
 * HTTPS serves the same routes as HTTP, through the same filters and request scope.
 */
@QuarkusTest
@TestProfile(GeneratedCertificateTest.Profile.class)
class GeneratedCertificateTest {

    /** Work dir in a fresh temporary folder, not yet created, so the listener has to create it. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WorkDir.class));
        }
    }

    public static class WorkDir implements QuarkusTestResourceLifecycleManager {
        private Path root;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("meshtrust-generated");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "kuma.general.work-dir", root.resolve("home/.kuma").toString(), "kuma.api-server.https.port", "0");
        }

        @Override
        public void stop() {
            TestCertificates.deleteRecursively(root);
        }
    }

    @Inject
    HttpsPort httpsPort;

    @ConfigProperty(name = "kuma.general.work-dir")
    Path workDir;

    // Relative to the management root path (/q).
    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @Test
    void servesCertificateNamingThisHost() throws Exception {
        X509Certificate served = servedCertificate();
        Set<String> dns = new HashSet<>();
        Set<String> ips = new HashSet<>();
        var holder = new X509CertificateHolder(served.getEncoded());
        Extension san = holder.getExtension(Extension.subjectAlternativeName);
        assertThat(san.isCritical()).isTrue();
        for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            (name.getTagNo() == GeneralName.dNSName ? dns : ips)
                    .add(name.getName().toString());
        }
        assertThat(dns).contains("localhost", InetAddress.getLocalHost().getHostName());
        assertThat(ips).contains("#7f000001"); // 127.0.0.1
        assertThat(holder.getSubject().getRDNs()).isEmpty();
    }

    @Test
    void servesKumaSelfSignedServerProfile() throws Exception {
        var holder = new X509CertificateHolder(servedCertificate().getEncoded());
        Instant notBefore = holder.getNotBefore().toInstant();
        assertThat(notBefore).isBefore(Instant.now().minus(Duration.ofMinutes(4)));
        assertThat(Duration.between(notBefore, holder.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3650));
        assertThat(BasicConstraints.getInstance(
                                holder.getExtension(Extension.basicConstraints).getParsedValue())
                        .isCA())
                .isTrue();
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(KeyUsage.getInstance(holder.getExtension(Extension.keyUsage).getParsedValue()))
                .isEqualTo(new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
        assertThat(ExtendedKeyUsage.getInstance(
                                holder.getExtension(Extension.extendedKeyUsage).getParsedValue())
                        .getUsages())
                .containsExactly(KeyPurposeId.id_kp_serverAuth);
        assertThat(holder.getSerialNumber()).isNotNegative().isLessThan(BigInteger.ONE.shiftLeft(128));
    }

    @Test
    void writesThePairWithPrivateModes() throws Exception {
        Path cert = workDir.resolve("kuma-cp.crt");
        Path key = workDir.resolve("kuma-cp.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemCodec.parseCertificates(Files.readString(cert))).containsExactly(servedCertificate());
    }

    @Test
    void answersIdenticallyOnHttpAndHttps() throws Exception {
        X509Certificate served = servedCertificate();
        for (String path : List.of("/_test/hello", "/no/such/route")) {
            Response http = given().get(path);
            Response https = TlsTestClient.restAssured(served, httpsPort.get().orElseThrow())
                    .get(path);
            assertThat(https.statusCode()).as(path).isEqualTo(http.statusCode());
            assertThat(https.contentType()).as(path).isEqualTo(http.contentType());
            assertThat(https.asString()).as(path).isEqualTo(http.asString());
        }
        assertThat(given().get("/_test/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void runsRequestFiltersInTheRequestScopeOverHttp2() throws Exception {
        HttpClient client = TlsTestClient.httpClient(servedCertificate(), null);
        HttpResponse<String> first = TlsTestClient.get(client, httpsUrl("localhost"));
        HttpResponse<String> second = TlsTestClient.get(client, httpsUrl("127.0.0.1"));
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        Map<String, Object> one = json(first);
        Map<String, Object> two = json(second);
        assertThat(one)
                .containsEntry("ssl", true)
                .containsEntry("protocol", "TLSv1.3")
                .containsEntry("peerSerial", null);
        assertThat(one.get("requestId")).isNotNull().isEqualTo(one.get("resourceRequestId"));
        assertThat(two.get("requestId")).isEqualTo(two.get("resourceRequestId")).isNotEqualTo(one.get("requestId"));

        Map<String, Object> plain = given().get("/_test/echo")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        assertThat(plain).containsEntry("ssl", false).containsEntry("protocol", null);
        assertThat(plain.get("requestId")).isEqualTo(plain.get("resourceRequestId"));
    }

    @Test
    void refusesTls11() throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        try (var socket = (SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", httpsPort.get().orElseThrow())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            Assertions.assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void reportsHttpsPortInReadiness() {
        given().get(readiness)
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'api-server-https' }.status", Matchers.is("UP"))
                .body(
                        "checks.find { it.name == 'api-server-https' }.data.port",
                        Matchers.is(httpsPort.get().orElseThrow()));
    }

    private X509Certificate servedCertificate() throws Exception {
        List<X509Certificate> chain =
                TlsTestClient.serverChain("127.0.0.1", httpsPort.get().orElseThrow());
        assertThat(chain).hasSize(1);
        return chain.get(0);
    }

    private String httpsUrl(String host) {
        return "https://" + host + ":" + httpsPort.get().orElseThrow() + "/_test/echo";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readValue(response.body(), Map.class);
    }
}
