package io.meshtrust.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemCodecTest {

    @Test
    void readsKumaPkcs1RsaKey() throws Exception {
        assertMatches("kuma-ca.pem", "kuma-ca.key");
    }

    @Test
    void readsPkcs8RsaKey() throws Exception {
        assertMatches("kuma-ca.pem", "kuma-ca-pkcs8.key");
    }

    @Test
    void readsOpensslSec1EcKeyPrecededByEcParameters() throws Exception {
        assertMatches("ec.pem", "ec-sec1-with-params.key");
    }

    @Test
    void readsPkcs8EcKey() throws Exception {
        assertMatches("ec.pem", "ec-pkcs8.key");
    }

    @Test
    void readsEveryCertificateOfABundleAndSkipsOtherBlocks() throws Exception {
        String bundle = fixture("kuma-ca.pem") + fixture("kuma-ca.key") + fixture("ec.pem");
        List<X509Certificate> certificates = PemCodec.parseCertificates(bundle);
        assertThat(certificates).hasSize(2);
        assertThat(certificates.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=ec-fixture");
    }

    @Test
    void roundTripsCertificates() throws Exception {
        List<X509Certificate> certificates = PemCodec.parseCertificates(fixture("kuma-ca.pem") + fixture("ec.pem"));
        assertThat(PemCodec.parseCertificates(PemCodec.encodeCertificates(certificates))).isEqualTo(certificates);
    }

    @Test
    void refusesEncryptedKey() {
        assertThatThrownBy(() -> PemCodec.parsePrivateKey(fixture("kuma-ca-encrypted.key")))
                .isInstanceOf(PemException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void refusesTextWithoutPem() {
        assertThatThrownBy(() -> PemCodec.parsePrivateKey("just some text"))
                .isInstanceOf(PemException.class)
                .hasMessage("no PEM private key block found");
        assertThatThrownBy(() -> PemCodec.parseCertificates("just some text"))
                .isInstanceOf(PemException.class)
                .hasMessage("no PEM CERTIFICATE block found");
    }

    @Test
    void refusesCertificateFileAsKeyAndKeyFileAsCertificate() {
        assertThatThrownBy(() -> PemCodec.parsePrivateKey(fixture("kuma-ca.pem")))
                .isInstanceOf(PemException.class)
                .hasMessage("no PEM private key block found");
        assertThatThrownBy(() -> PemCodec.parseCertificates(fixture("kuma-ca.key")))
                .isInstanceOf(PemException.class)
                .hasMessage("no PEM CERTIFICATE block found");
    }

    @Test
    void reportsCorruptKeyWithoutEchoingIt() throws Exception {
        String key = fixture("kuma-ca.key");
        String secretLine = key.lines().skip(3).findFirst().orElseThrow();
        String corrupt = key.replace(secretLine, secretLine.substring(0, 20) + "!!!!" + secretLine.substring(24));
        assertThatThrownBy(() -> PemCodec.parsePrivateKey(corrupt))
                .isInstanceOf(PemException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretLine.substring(0, 20)))
                .hasNoCause();
    }

    @Test
    void reportsTruncatedKeyWithoutEchoingIt() throws Exception {
        String key = fixture("kuma-ca.key");
        String truncated = key.substring(0, key.length() / 2) + "\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemCodec.parsePrivateKey(truncated))
                .isInstanceOf(PemException.class)
                .hasNoCause();
    }

    private static void assertMatches(String certFile, String keyFile) throws Exception {
        X509Certificate certificate = PemCodec.parseCertificates(fixture(certFile)).get(0);
        PrivateKey key = PemCodec.parsePrivateKey(fixture(keyFile));
        assertThat(new CertificateAndKey(List.of(certificate), key).keyMatchesCertificate()).isTrue();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = PemCodecTest.class.getResourceAsStream("/pem/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
