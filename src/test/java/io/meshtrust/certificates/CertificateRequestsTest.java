package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.testsupport.Csrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSR mode of the certificate endpoint: which requests are accepted, and what a person is told otherwise. */
class CertificateRequestsTest {

    static KeyPair rsa2048;
    static KeyPair p256;

    @BeforeAll
    static void keys() {
        rsa2048 = Csrs.rsa(2048);
        p256 = Csrs.ec("secp256r1");
    }

    @Test
    void acceptsRsa2048AndReturnsTheRequestsKey() {
        assertAccepted(rsa2048);
        assertThat(((RSAPublicKey) CertificateRequests.parse(Csrs.pem(rsa2048)))
                        .getModulus()
                        .bitLength())
                .isEqualTo(2048);
    }

    @Test
    void acceptsRsa4096() {
        assertAccepted(Csrs.rsa(4096));
    }

    @Test
    void acceptsEcP256AndP384() {
        assertAccepted(p256);
        assertAccepted(Csrs.ec("secp384r1"));
        assertThat(CertificateRequests.parse(Csrs.pem(p256))).isInstanceOf(ECPublicKey.class);
    }

    @Test
    void acceptsOpensslsLegacyNewCertificateRequestHeaderAndTextAroundTheBlock() throws Exception {
        String pem = Csrs.pem(
                "NEW CERTIFICATE REQUEST",
                Csrs.request(p256.getPublic(), p256.getPrivate(), null).getEncoded());
        assertThat(CertificateRequests.parse("Certificate Request:\n  (openssl -text output)\n" + pem + "\ntrailer\n")
                        .getEncoded())
                .isEqualTo(p256.getPublic().getEncoded());
    }

    @Test
    void acceptsRequestMadeByOpensslCommandLine(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(openssl(dir, "version"), "openssl is not installed");
        assertThat(openssl(
                        dir,
                        "req",
                        "-new",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-subj",
                        "/CN=x",
                        "-keyout",
                        "key.pem",
                        "-out",
                        "csr.pem"))
                .isTrue();
        assertThat(openssl(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"))
                .isTrue();

        PublicKey key = CertificateRequests.parse(Files.readString(dir.resolve("csr.pem")));

        String spki = Files.readString(dir.resolve("pub.pem"));
        byte[] expected = Base64.getMimeDecoder()
                .decode(spki.replace("-----BEGIN PUBLIC KEY-----", "")
                        .replace("-----END PUBLIC KEY-----", "")
                        .trim());
        assertThat(key.getEncoded()).isEqualTo(expected);
        assertThat(key).isInstanceOf(ECPublicKey.class);
    }

    @Test
    void rejectsWeakRsaKey() {
        assertRejected(Csrs.pem(Csrs.rsa(1024))).hasMessage("RSA key of 1024 bits is too weak: use at least 2048");
    }

    @Test
    void rejectsCurvesOtherThanP256AndP384() {
        assertRejected(Csrs.pem(Csrs.ec("secp521r1")))
                .hasMessage("EC curve secp521r1 is not supported: use P-256 or P-384");
        KeyPair k1 = Csrs.ec("secp256k1", Csrs.BOUNCY_CASTLE); // the JDK no longer has this curve
        assertRejected(Csrs.pem(k1.getPublic(), k1.getPrivate(), Csrs.BOUNCY_CASTLE))
                .hasMessage("EC curve secp256k1 is not supported: use P-256 or P-384");
    }

    @Test
    void rejectsEd25519() {
        assertRejected(Csrs.pem(Csrs.ed25519()))
                .hasMessage("key algorithm Ed25519 is not supported: use RSA (2048+) or EC P-256/P-384");
    }

    @Test
    void rejectsRequestWhoseSignatureWasAltered() throws Exception {
        for (KeyPair keys : List.of(rsa2048, p256)) {
            CertificationRequest original =
                    Csrs.request(keys.getPublic(), keys.getPrivate(), null).toASN1Structure();
            byte[] signature = original.getSignature().getOctets();
            signature[signature.length / 2] ^= 0x01;
            var altered = new CertificationRequest(
                    original.getCertificationRequestInfo(),
                    original.getSignatureAlgorithm(),
                    new DERBitString(signature));
            assertRejected(Csrs.pem(new PKCS10CertificationRequest(altered).getEncoded()))
                    .hasMessage("signature does not verify: the request was altered or not signed by its key");
        }
    }

    @Test
    void rejectsRequestSignedByAnotherKeyThanItCarries() {
        KeyPair other = Csrs.rsa(2048);
        assertRejected(Csrs.pem(rsa2048.getPublic(), other.getPrivate()))
                .hasMessage("signature does not verify: the request was altered or not signed by its key");
        KeyPair otherEc = Csrs.ec("secp256r1");
        assertRejected(Csrs.pem(p256.getPublic(), otherEc.getPrivate()))
                .hasMessage("signature does not verify: the request was altered or not signed by its key");
    }

    @Test
    void rejectsRequestWhoseSignatureAlgorithmDoesNotFitItsKey() {
        assertRejected(Csrs.pem(rsa2048.getPublic(), p256.getPrivate()))
                .hasMessageStartingWith("signature algorithm SHA256WITHECDSA is not supported for an RSA key");
    }

    @Test
    void rejectsTextThatIsNotPem() {
        assertRejected("hello, I am a certificate request")
                .hasMessage("is not a PEM-encoded PKCS#10 certificate request (expected BEGIN CERTIFICATE REQUEST)");
    }

    @Test
    void rejectsEmptyText() {
        assertRejected("").hasMessageStartingWith("is empty");
        assertRejected("  \n").hasMessageStartingWith("is empty");
        assertRejected(null).hasMessageStartingWith("is empty");
    }

    @Test
    void rejectsCertificateInsteadOfRequest() throws Exception {
        String certificate = new String(
                getClass().getResourceAsStream("/kuma/provided-ca/ca.pem").readAllBytes(), StandardCharsets.US_ASCII);
        assertRejected(certificate).hasMessageStartingWith("is a PEM CERTIFICATE block, not a certificate request");
    }

    @Test
    void rejectsTwoRequests() {
        assertRejected(Csrs.pem(p256) + Csrs.pem(rsa2048))
                .hasMessage("contains more than one PEM block: send exactly one CERTIFICATE REQUEST");
    }

    @Test
    void rejectsBlockThatIsNotPkcs10() {
        assertRejected(Csrs.pem(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
                .hasMessageStartingWith("is not a valid PKCS#10 certificate request");
    }

    @Test
    void rejectsCorruptPem() {
        assertRejected("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n").hasMessageStartingWith("is not valid PEM");
    }

    @Test
    void rejectsOversizedInputWithoutParsingIt() {
        String padding = "x".repeat(CertificateRequests.MAX_PEM_CHARS);
        assertRejected(padding + Csrs.pem(p256)).hasMessageStartingWith("is larger than 64 KiB");
    }

    @Test
    void messagesNeverQuoteTheInput() {
        String pem = Csrs.pem(Csrs.rsa(1024));
        String body =
                pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertRejected(pem).satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 16)));
    }

    private static void assertAccepted(KeyPair keys) {
        PublicKey key = CertificateRequests.parse(Csrs.pem(keys));
        assertThat(key.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(key.getAlgorithm()).isEqualTo(keys.getPublic().getAlgorithm());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String pem) {
        return assertThatThrownBy(() -> CertificateRequests.parse(pem))
                .isInstanceOfSatisfying(
                        InvalidCertificateRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("csr"));
    }

    private static boolean openssl(Path dir, String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile())
                    .start();
        } catch (IOException e) {
            return false; // not installed
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
