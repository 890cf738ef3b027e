package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.SelfSignedCertificates;
import io.meshtrust.testsupport.TlsTestClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server started with {@code java -jar}: Kuma's environment variables move the ports, and invalid
 * settings stop the start with a message naming the setting.
 */
class ApiServerPortsIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @Test
    void servesHttpHttpsAndDiagnosticsOnThePortsFromTheEnvironment() throws Exception {
        int[] ports = ServerProcess.freePorts(3);
        int http = ports[0];
        int https = ports[1];
        int diagnostics = ports[2];
        Path workDir = temp.resolve("kuma");
        try (ServerProcess server = ServerProcess.builder()
                .name("ports")
                .env(Map.of(
                        "KUMA_API_SERVER_HTTP_PORT", String.valueOf(http),
                        "KUMA_API_SERVER_HTTPS_PORT", String.valueOf(https),
                        "KUMA_DIAGNOSTICS_SERVER_PORT", String.valueOf(diagnostics),
                        "KUMA_GENERAL_WORK_DIR", workDir.toString()))
                .start()) {
            server.awaitReady(diagnostics, STARTUP);

            X509Certificate certificate = PemCodec.parseCertificates(Files.readString(workDir.resolve("kuma-cp.crt")))
                    .get(0);
            assertThat(TlsTestClient.serverChain("127.0.0.1", https)).containsExactly(certificate);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve("kuma-cp.key"))))
                    .isEqualTo("rw-------");

            HttpClient plain = HttpClient.newHttpClient();
            HttpClient secure = TlsTestClient.httpClient(certificate, null);
            for (String path : List.of("/", "/no/such/route")) {
                HttpResponse<String> overHttp = get(plain, "http://127.0.0.1:" + http + path);
                HttpResponse<String> overHttps = get(secure, "https://localhost:" + https + path);
                assertThat(overHttps.statusCode()).as(path).isEqualTo(overHttp.statusCode());
                assertThat(overHttps.body()).as(path).isEqualTo(overHttp.body());
            }

            HttpResponse<String> ready = get(plain, "http://127.0.0.1:" + diagnostics + "/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"api-server-https\"").contains("\"port\": " + https);
            HttpResponse<String> metrics = get(plain, "http://127.0.0.1:" + diagnostics + "/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE");
        }
    }

    @Test
    void startsWithoutHttpsWhenDisabledAndGeneratesNothing() throws Exception {
        int[] ports = ServerProcess.freePorts(3);
        Path workDir = temp.resolve("kuma");
        try (ServerProcess server = ServerProcess.builder()
                .name("no-https")
                .env(Map.of(
                        "KUMA_API_SERVER_HTTP_PORT", String.valueOf(ports[0]),
                        "KUMA_API_SERVER_HTTPS_PORT", String.valueOf(ports[1]),
                        "KUMA_API_SERVER_HTTPS_ENABLED", "false",
                        "KUMA_DIAGNOSTICS_SERVER_PORT", String.valueOf(ports[2]),
                        "KUMA_GENERAL_WORK_DIR", workDir.toString()))
                .start()) {
            server.awaitReady(ports[2], STARTUP);
            assertThat(get(HttpClient.newHttpClient(), "http://127.0.0.1:" + ports[0] + "/")
                            .statusCode())
                    .isPositive();
            assertThatThrownBy(() -> new Socket("127.0.0.1", ports[1]).close()).isInstanceOf(ConnectException.class);
            assertThat(workDir).doesNotExist();
        }
    }

    @Test
    void refusesCertificateFileWithoutKeyFile() {
        assertRefused(
                Map.of(
                        "KUMA_API_SERVER_HTTPS_TLS_CERT_FILE",
                        temp.resolve("cert.pem").toString()),
                "KUMA_API_SERVER_HTTPS_TLS_CERT_FILE",
                "KUMA_API_SERVER_HTTPS_TLS_KEY_FILE");
    }

    @Test
    void refusesUnknownStoreType() {
        assertRefused(Map.of("KUMA_STORE_TYPE", "bogus"), "KUMA_STORE_TYPE", "bogus");
    }

    @Test
    void refusesPortThatIsNotANumber() {
        assertRefused(Map.of("KUMA_API_SERVER_HTTP_PORT", "notaport"), "KUMA_API_SERVER_HTTP_PORT", "notaport");
    }

    @Test
    void refusesPortOutOfRange() {
        assertRefused(Map.of("KUMA_DIAGNOSTICS_SERVER_PORT", "65536"), "KUMA_DIAGNOSTICS_SERVER_PORT", "[0, 65535]");
    }

    @Test
    void refusesUnknownAuthnTypeWithKumaMessage() {
        assertRefused(
                Map.of("KUMA_API_SERVER_AUTHN_TYPE", "ldap"),
                "KUMA_API_SERVER_AUTHN_TYPE",
                "there is not implementation of authn named ldap");
    }

    @Test
    void refusesABasePathThatCannotBeMatchedLiterally() {
        assertRefused(
                Map.of("KUMA_API_SERVER_BASE_PATH", "/kuma/../admin"),
                "KUMA_API_SERVER_BASE_PATH: \"/kuma/../admin\" is not a usable base path: it has a dot segment (..)");
    }

    @Test
    void refusesARootUrlThatIsNotHttp() {
        assertRefused(
                Map.of("KUMA_API_SERVER_ROOT_URL", "mesh.example.com/kuma"),
                "KUMA_API_SERVER_ROOT_URL: \"mesh.example.com/kuma\" is not a usable root URL");
    }

    @Test
    void refusesCorruptKeyWithoutPrintingIt() throws IOException {
        CertificateAndKey pair = SelfSignedCertificates.sign(
                KeyType.ecdsa.generate(), CertType.server, List.of("localhost"), Instant.now(), new SecureRandom());
        String key = pair.privateKeyPem();
        String secret = key.lines().skip(1).findFirst().orElseThrow();
        Files.writeString(temp.resolve("api.crt"), pair.certificatePem());
        Files.writeString(
                temp.resolve("api.key"), key.replace(secret, secret.substring(0, 8) + "@@@@" + secret.substring(12)));
        String output = assertRefused(
                Map.of(
                        "KUMA_API_SERVER_HTTPS_TLS_CERT_FILE",
                                temp.resolve("api.crt").toString(),
                        "KUMA_API_SERVER_HTTPS_TLS_KEY_FILE",
                                temp.resolve("api.key").toString()),
                "KUMA_API_SERVER_HTTPS_TLS_KEY_FILE",
                "is not a usable private key");
        assertThat(output).doesNotContain(secret.substring(12, 40));
    }

    /** Starts with the given settings, expects a non-zero exit and an error naming them, without a stack trace. */
    private String assertRefused(Map<String, String> settings, String... expectedInOutput) {
        int[] ports = ServerProcess.freePorts(3);
        try (ServerProcess server = ServerProcess.builder()
                .name("refused")
                .env(Map.of(
                        "KUMA_API_SERVER_HTTP_PORT", String.valueOf(ports[0]),
                        "KUMA_API_SERVER_HTTPS_PORT", String.valueOf(ports[1]),
                        "KUMA_DIAGNOSTICS_SERVER_PORT", String.valueOf(ports[2]),
                        "KUMA_GENERAL_WORK_DIR", temp.resolve("kuma").toString()))
                .env(settings)
                .start()) {
            int status = server.awaitExit(STARTUP);
            String output = server.output();
            assertThat(status).as(output).isNotZero();
            assertThat(output).contains(expectedInOutput).doesNotContain("\tat io.meshtrust");
            return output;
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
