package io.meshtrust.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
        assertThat(PemCodec.parseCertificates(PemCodec.encodeCertificates(certificates)))
                .isEqualTo(certificates);
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

    /**
     * Bouncy Castle reads a certificate whose key bits are not an RSA key and only fails when the key is asked for; the
     * codec asks at once, so the caller gets its declared PemException (found by the fuzz suite on provided-CA PEM).
     */
    @Test
    void refusesCertificateWhoseKeyDoesNotDecode() throws Exception {
        var issuer = PemCodec.parsePrivateKey(fixture("kuma-ca.key"));
        var brokenKey = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new byte[] {1, 2, 3});
        var name = new X500Name("CN=broken-key");
        var holder = new X509v3CertificateBuilder(
                        name, BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L), name, brokenKey)
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer));
        String pem = PemCodec.encodeCertificate(holder.getEncoded());
        assertThatThrownBy(() -> PemCodec.parseCertificates(pem))
                .isInstanceOf(PemException.class)
                .hasMessage("a CERTIFICATE block is not a valid X.509 certificate");
    }

    private static void assertMatches(String certFile, String keyFile) throws Exception {
        X509Certificate certificate =
                PemCodec.parseCertificates(fixture(certFile)).get(0);
        PrivateKey key = PemCodec.parsePrivateKey(fixture(keyFile));
        assertThat(new CertificateAndKey(List.of(certificate), key).keyMatchesCertificate())
                .isTrue();
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
