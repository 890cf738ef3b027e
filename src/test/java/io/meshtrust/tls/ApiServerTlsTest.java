package io.meshtrust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.config.TestConfigs;
import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.http.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the API server's TLS material is resolved from settings, and how bad files are reported. */
class ApiServerTlsTest {

    @TempDir
    Path dir;

    private CertificateAndKey apiPair;
    private CertificateAndKey generalPair;

    @BeforeEach
    void writePairs() {
        apiPair = TestCertificates.selfSigned(CertType.server, "api.example");
        generalPair = TestCertificates.selfSigned(CertType.server, "general.example");
        TestCertificates.write(dir.resolve("api.crt"), apiPair.certificatePem());
        TestCertificates.write(dir.resolve("api.key"), TestCertificates.pkcs8(apiPair));
        TestCertificates.write(dir.resolve("general.crt"), generalPair.certificatePem());
        TestCertificates.write(dir.resolve("general.key"), generalPair.privateKeyPem());
    }

    @Test
    void prefersApiServerPairOverGeneralPair() {
        ApiServerTls tls = resolve(Map.of(
                "kuma.api-server.https.tls-cert-file", file("api.crt"),
                "kuma.api-server.https.tls-key-file", file("api.key"),
                "kuma.general.tls-cert-file", file("general.crt"),
                "kuma.general.tls-key-file", file("general.key")));
        assertThat(tls.serverPair().certificate()).isEqualTo(apiPair.certificate());
        assertThat(tls.source()).startsWith("KUMA_API_SERVER_HTTPS_TLS_CERT_FILE=");
    }

    @Test
    void fallsBackToGeneralPairAndLeavesWorkDirAlone() {
        ApiServerTls tls = resolve(Map.of(
                "kuma.general.tls-cert-file", file("general.crt"),
                "kuma.general.tls-key-file", file("general.key")));
        assertThat(tls.serverPair().certificate()).isEqualTo(generalPair.certificate());
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void generatesPairInWorkDirOnceThenReusesIt() throws Exception {
        ApiServerTls first = resolve(Map.of());
        Path work = dir.resolve("work");
        assertThat(first.source()).isEqualTo("generated in " + work);
        assertThat(first.serverPair().certificate().getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .containsExactly("gen.example", "localhost", "127.0.0.1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work)))
                .isEqualTo("rwx------");
        for (String file : List.of("kuma-cp.crt", "kuma-cp.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(file))))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(work.resolve("kuma-cp.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (var leftovers = Files.list(work)) {
            assertThat(leftovers.map(p -> p.getFileName().toString()))
                    .as("no temporary files left behind")
                    .containsExactlyInAnyOrder("kuma-cp.crt", "kuma-cp.key", ".kuma-cp.lock");
        }

        ApiServerTls second = resolve(Map.of());
        assertThat(second.source()).isEqualTo("reused from " + work);
        assertThat(second.serverPair().certificate())
                .isEqualTo(first.serverPair().certificate());
    }

    @Test
    void regeneratesWhenOneWorkDirFileIsEmpty() throws Exception {
        ApiServerTls first = resolve(Map.of());
        Files.writeString(dir.resolve("work").resolve("kuma-cp.crt"), "");
        ApiServerTls second = resolve(Map.of());
        assertThat(second.source()).startsWith("generated in ");
        assertThat(second.serverPair().certificate())
                .isNotEqualTo(first.serverPair().certificate());
    }

    @Test
    void namesSettingOfMissingCertificateFile() {
        assertThatThrownBy(() -> resolve(Map.of(
                        "kuma.api-server.https.tls-cert-file", file("missing.crt"),
                        "kuma.api-server.https.tls-key-file", file("api.key"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("KUMA_API_SERVER_HTTPS_TLS_CERT_FILE: cannot read " + file("missing.crt"));
    }

    @Test
    void namesSettingOfNonPemCertificate() {
        TestCertificates.write(dir.resolve("junk.crt"), "not a certificate");
        assertThatThrownBy(() -> resolve(Map.of(
                        "kuma.general.tls-cert-file", file("junk.crt"),
                        "kuma.general.tls-key-file", file("general.key"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("KUMA_GENERAL_TLS_CERT_FILE: " + file("junk.crt")
                        + " is not a PEM certificate: no PEM CERTIFICATE block found");
    }

    @Test
    void namesSettingOfUnusableKeyWithoutPrintingIt() throws Exception {
        String key = Files.readString(dir.resolve("general.key"));
        String body = key.lines().skip(1).findFirst().orElseThrow();
        TestCertificates.write(
                dir.resolve("broken.key"), key.replace(body, body.substring(0, 10) + "%%%%" + body.substring(14)));
        assertThatThrownBy(() -> resolve(Map.of(
                        "kuma.api-server.https.tls-cert-file", file("general.crt"),
                        "kuma.api-server.https.tls-key-file", file("broken.key"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "KUMA_API_SERVER_HTTPS_TLS_KEY_FILE: " + file("broken.key") + " is not a usable private key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 10)));
    }

    @Test
    void refusesKeyOfAnotherCertificate() {
        assertThatThrownBy(() -> resolve(Map.of(
                        "kuma.api-server.https.tls-cert-file", file("api.crt"),
                        "kuma.api-server.https.tls-key-file", file("general.key"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("KUMA_API_SERVER_HTTPS_TLS_KEY_FILE: the private key in " + file("general.key")
                        + " does not match the certificate in " + file("api.crt")
                        + " (KUMA_API_SERVER_HTTPS_TLS_CERT_FILE)");
    }

    @Test
    void refusesMismatchedPairInWorkDir() throws Exception {
        resolve(Map.of());
        Files.writeString(dir.resolve("work").resolve("kuma-cp.key"), generalPair.privateKeyPem());
        assertThatThrownBy(() -> resolve(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("KUMA_GENERAL_WORK_DIR: the private key in ");
    }

    @Test
    void requestsClientCertificatesForAdminClientCertsAndRequiresThemWhenAsked() {
        assertThat(resolve(Map.of()).clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(resolve(Map.of("kuma.api-server.authn.type", "adminClientCerts"))
                        .clientAuth())
                .isEqualTo(ClientAuth.REQUEST);
        assertThat(resolve(Map.of("kuma.api-server.https.require-client-cert", "true"))
                        .clientAuth())
                .isEqualTo(ClientAuth.REQUIRED);
    }

    @Test
    void trustsEveryPemAndCrtOfClientCertsDirPlusCaFile() {
        var a = TestCertificates.selfSigned(CertType.client, "a");
        var b = TestCertificates.selfSigned(CertType.client, "b");
        var ca = TestCertificates.ca("Client CA");
        TestCertificates.write(dir.resolve("clients/a.pem"), a.certificatePem());
        TestCertificates.write(dir.resolve("clients/b.crt"), b.certificatePem());
        TestCertificates.write(dir.resolve("clients/readme.txt"), "ignored");
        TestCertificates.write(dir.resolve("ca.pem"), ca.certificatePem());
        ApiServerTls tls = resolve(Map.of(
                "kuma.api-server.auth.client-certs-dir", file("clients"),
                "kuma.api-server.https.tls-ca-file", file("ca.pem")));
        assertThat(tls.trustedClientCertificates()).containsExactly(a.certificate(), b.certificate(), ca.certificate());
    }

    @Test
    void namesSettingOfMissingClientCertsDir() {
        assertThatThrownBy(() -> resolve(Map.of("kuma.api-server.auth.client-certs-dir", file("nowhere"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("KUMA_API_SERVER_AUTH_CLIENT_CERTS_DIR: ");
    }

    @Test
    void workDirFollowsHomeThenUserHomeAsTheCliDoes() {
        assertThat(ApiServerTls.workDir(Optional.of("/srv/kuma"), "/x", "/passwd"))
                .isEqualTo(Path.of("/srv/kuma"));
        assertThat(ApiServerTls.workDir(Optional.empty(), "/x", "/passwd")).isEqualTo(Path.of("/x/.kuma"));
        assertThat(ApiServerTls.workDir(Optional.empty(), null, "/passwd")).isEqualTo(Path.of("/passwd/.kuma"));
        assertThat(ApiServerTls.workDir(Optional.empty(), "", "/passwd")).isEqualTo(Path.of("/passwd/.kuma"));
        assertThatThrownBy(() -> ApiServerTls.workDir(Optional.empty(), null, "?"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("KUMA_GENERAL_WORK_DIR: not set and the home directory is unknown");
    }

    private ApiServerTls resolve(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("kuma.general.work-dir", file("work"));
        return ApiServerTls.resolve(
                TestConfigs.kuma(all), InstantSource.system(), () -> List.of("gen.example", "localhost", "127.0.0.1"));
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }
}
