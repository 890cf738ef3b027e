package io.meshtrust.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks Kuma's self-signed profile by parsing our output with Bouncy Castle's ASN.1 classes, not with our code. */
class SelfSignedCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final List<String> HOSTS = List.of("cp.example", "localhost", "127.0.0.1", "::1", "fe80::1%eth0");

    private static CertificateAndKey rsaServer;
    private static X509CertificateHolder rsaServerHolder;

    @BeforeAll
    static void issueOnce() throws Exception {
        rsaServer = SelfSignedCertificates.generate(KeyType.rsa, CertType.server, HOSTS, NOW);
        rsaServerHolder = new X509CertificateHolder(rsaServer.certificate().getEncoded());
    }

    @Test
    void hasEmptySubjectAndIssuer() {
        assertThat(rsaServerHolder.getSubject().getRDNs()).isEmpty();
        assertThat(rsaServerHolder.getIssuer().getRDNs()).isEmpty();
    }

    @Test
    void isValidFromFiveMinutesBeforeNowForTenTimes365Days() {
        assertThat(rsaServerHolder.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-01-02T02:59:05Z"));
        assertThat(rsaServerHolder.getNotAfter().toInstant()).isEqualTo(Instant.parse("2035-12-31T02:59:05Z"));
    }

    @Test
    void isCriticalCaWithKumaKeyUsages() {
        Extension bc = rsaServerHolder.getExtension(Extension.basicConstraints);
        assertThat(bc.isCritical()).isTrue();
        assertThat(BasicConstraints.getInstance(bc.getParsedValue()).isCA()).isTrue();

        Extension ku = rsaServerHolder.getExtension(Extension.keyUsage);
        assertThat(ku.isCritical()).isTrue();
        KeyUsage usage = KeyUsage.getInstance(ku.getParsedValue());
        assertThat(usage)
                .isEqualTo(new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
    }

    @Test
    void serverCertificateHasOnlyServerAuth() {
        assertThat(ekus(rsaServerHolder)).containsExactly(KeyPurposeId.id_kp_serverAuth.toOID());
    }

    @Test
    void clientCertificateHasOnlyClientAuth() throws Exception {
        CertificateAndKey client = SelfSignedCertificates.sign(
                KeyType.ecdsa.generate(), CertType.client, List.of("admin"), NOW, new SecureRandom());
        assertThat(ekus(new X509CertificateHolder(client.certificate().getEncoded())))
                .containsExactly(KeyPurposeId.id_kp_clientAuth.toOID());
    }

    @Test
    void putsIpLiteralsInIpSansAndNamesInDnsSansUnderACriticalExtension() {
        Extension san = rsaServerHolder.getExtension(Extension.subjectAlternativeName);
        assertThat(san.isCritical()).as("critical because the subject is empty").isTrue();
        Set<String> dns = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                dns.add(name.getName().toString());
            } else if (name.getTagNo() == GeneralName.iPAddress) {
                ips.add(name.getName().toString());
            }
        }
        assertThat(dns).containsExactlyInAnyOrder("cp.example", "localhost");
        // BC renders IP SANs as '#' + hex of the address bytes.
        assertThat(ips)
                .containsExactlyInAnyOrder(
                        "#7f000001", "#00000000000000000000000000000001", "#fe800000000000000000000000000001");
    }

    @Test
    void rsaVariantIsSelfSignedRsa2048WithPkcs1KeyPem() throws Exception {
        assertThat(rsaServerHolder.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(rsaServer.certificate().getPublicKey())))
                .isTrue();
        assertThat(((RSAPublicKey) rsaServer.certificate().getPublicKey())
                        .getModulus()
                        .bitLength())
                .isEqualTo(2048);
        assertThat(rsaServer.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");

        String keyPem = rsaServer.privateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(independentlyParsedPublicKey(keyPem))
                .isEqualTo(rsaServer.certificate().getPublicKey().getEncoded());
    }

    @Test
    void ecdsaVariantIsSelfSignedP256WithSec1KeyPemIncludingTheCurve() throws Exception {
        CertificateAndKey ec = SelfSignedCertificates.generate(KeyType.ecdsa, CertType.server, HOSTS, NOW);
        var holder = new X509CertificateHolder(ec.certificate().getEncoded());
        assertThat(holder.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(ec.certificate().getPublicKey())))
                .isTrue();
        assertThat(holder.getSubjectPublicKeyInfo().getAlgorithm().getParameters())
                .isEqualTo(SECP256R1);
        assertThat(((ECPublicKey) ec.certificate().getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(ec.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");

        String keyPem = ec.privateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(independentlyParsedPublicKey(keyPem))
                .isEqualTo(ec.certificate().getPublicKey().getEncoded());
    }

    @Test
    void drawsSerialsUniformlyBelowTwoToThe128() {
        KeyPair keyPair = KeyType.ecdsa.generate();
        var random = new SecureRandom();
        Set<BigInteger> serials = new HashSet<>();
        BigInteger limit = BigInteger.ONE.shiftLeft(128);
        boolean sawTopBit = false;
        for (int i = 0; i < 64; i++) {
            BigInteger serial = SelfSignedCertificates.sign(keyPair, CertType.server, List.of("h"), NOW, random)
                    .certificate()
                    .getSerialNumber();
            assertThat(serial).isNotNegative().isLessThan(limit);
            sawTopBit |= serial.testBit(127);
            serials.add(serial);
        }
        assertThat(serials).hasSize(64);
        assertThat(sawTopBit)
                .as("the full 128-bit range is used (fails with probability 2^-64)")
                .isTrue();
    }

    @Test
    void keyMatchesItsCertificateButNotAnother() {
        CertificateAndKey other = SelfSignedCertificates.sign(
                KeyType.ecdsa.generate(), CertType.server, List.of("h"), NOW, new SecureRandom());
        assertThat(rsaServer.keyMatchesCertificate()).isTrue();
        assertThat(other.keyMatchesCertificate()).isTrue();
        assertThat(new CertificateAndKey(rsaServer.chain(), other.privateKey()).keyMatchesCertificate())
                .isFalse();
    }

    @Test
    void rejectsUnknownTypesWithKumaMessages() {
        assertThatThrownBy(() -> CertType.parse("peer")).hasMessage("invalid certificate type \"peer\"");
        assertThatThrownBy(() -> KeyType.parse("dsa")).hasMessage("invalid key type \"dsa\"");
        assertThat(KeyType.parse("ecdsa")).isEqualTo(KeyType.ecdsa);
    }

    private static final ASN1ObjectIdentifier SECP256R1 = X9ObjectIdentifiers.prime256v1;

    private static List<ASN1ObjectIdentifier> ekus(X509CertificateHolder holder) {
        Extension eku = holder.getExtension(Extension.extendedKeyUsage);
        assertThat(eku.isCritical()).isFalse();
        return List.of(ExtendedKeyUsage.getInstance(eku.getParsedValue()).getUsages()).stream()
                .map(KeyPurposeId::toOID)
                .toList();
    }

    /** Parses a key PEM with BC's PEMParser alone; a PKCS#1 or SEC1 block yields the public key too. */
    private static byte[] independentlyParsedPublicKey(String keyPem) throws Exception {
        try (var parser = new PEMParser(new StringReader(keyPem))) {
            PEMKeyPair pair = (PEMKeyPair) parser.readObject();
            return pair.getPublicKeyInfo().getEncoded();
        }
    }
}
