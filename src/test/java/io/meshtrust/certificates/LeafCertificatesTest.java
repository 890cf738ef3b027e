package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.ca.CaMaterial;
import io.meshtrust.ca.LocalCas;
import io.meshtrust.ca.builtin.BuiltinRootCertificate;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * Kuma's leaf profile and URI order through both CA kinds (docs/kuma-ca-insights.md §4.2; Kuma tests §11.1 #8 and §11.2
 * #17), with a fixed clock, parsed and verified with Bouncy Castle.
 */
class LeafCertificatesTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00.750Z");
    static final Map<String, Set<String>> TAGS =
            Map.of("kuma.io/service", Set.of("web-api", "web"), "version", Set.of("v1"));
    static final List<String> KUMA_URIS = List.of(
            "spiffe://default/web",
            "spiffe://default/web-api",
            "kuma://kuma.io/service/web",
            "kuma://kuma.io/service/web-api",
            "kuma://version/v1");

    @Test
    void builtinCaIssuesKumasLeafWithAuthorityKeyId() throws Exception {
        KeyPair caKeys = RsaKeys.generate(2048);
        X509Certificate root = BuiltinRootCertificate.create("default", caKeys, NOW, Duration.ofDays(3650));
        var ca = LocalCas.material(
                "ca-1", "builtin", List.of(root), caKeys.getPrivate(), PemCodec.encodeCertificates(List.of(root)));
        X509CertificateHolder leaf = leaf(ca, Duration.ofSeconds(1));
        assertProfile(leaf, ca, Duration.ofSeconds(1));
        byte[] caSki = ASN1OctetString.getInstance(new X509CertificateHolder(root.getEncoded())
                        .getExtension(Extension.subjectKeyIdentifier)
                        .getParsedValue())
                .getOctets();
        assertThat(AuthorityKeyIdentifier.fromExtensions(leaf.getExtensions()).getKeyIdentifier())
                .isEqualTo(caSki);
    }

    @Test
    void providedCaWithoutSkiIssuesLeafWithoutAuthorityKeyId() throws Exception {
        var ca = LocalCas.material(
                "provided-1",
                "provided",
                PemCodec.parseCertificates(fixture("ca.pem")),
                PemCodec.parsePrivateKey(fixture("ca.key")),
                fixture("ca.pem"));
        X509CertificateHolder leaf = leaf(ca, LeafCertificates.DEFAULT_VALIDITY);
        assertProfile(leaf, ca, LeafCertificates.DEFAULT_VALIDITY);
        assertThat(leaf.getExtension(Extension.authorityKeyIdentifier)).isNull();
    }

    @Test
    void refusesServicesThatCannotBeSpiffePathSegments() {
        assertThatThrownBy(() -> LeafCertificates.uris("default", Map.of("kuma.io/service", Set.of("a/b"))))
                .hasMessageContaining("invalid SPIFFE ID");
        assertThatThrownBy(() -> LeafCertificates.uris("default", Map.of("kuma.io/service", Set.of(".."))))
                .hasMessageContaining("invalid SPIFFE ID");
        assertThat(LeafCertificates.uris("default", TAGS)).containsExactlyElementsOf(KUMA_URIS);
    }

    private static X509CertificateHolder leaf(CaMaterial ca, Duration validity) throws Exception {
        KeyPair subject = RsaKeys.generate(2048);
        X509Certificate cert = issue(ca, "default", TAGS, subject.getPublic(), NOW, validity);
        var holder = new X509CertificateHolder(cert.getEncoded());
        assertThat(holder.getSubjectPublicKeyInfo().getEncoded())
                .isEqualTo(subject.getPublic().getEncoded());
        return holder;
    }

    /** A leaf as minting makes it: Kuma's template from {@link LeafCertificates}, signed by the CA. */
    static X509Certificate issue(
            CaMaterial ca,
            String mesh,
            Map<String, ? extends Collection<String>> tags,
            PublicKey subject,
            Instant now,
            Duration validity) {
        var template = LeafCertificates.template(LeafCertificates.uris(mesh, tags), now, validity);
        var holder =
                ca.issue(template, subject).await().atMost(LocalCas.SIGNING).certificate();
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertProfile(X509CertificateHolder leaf, CaMaterial ca, Duration validity) throws Exception {
        assertThat(leaf.getSerialNumber()).isPositive().isLessThan(BigInteger.ONE.shiftLeft(128));
        assertThat(leaf.getSubject().getRDNs()).isEmpty();
        assertThat(leaf.getIssuer())
                .isEqualTo(new X509CertificateHolder(ca.issuer().getEncoded()).getSubject());
        assertThat(leaf.getNotBefore().toInstant())
                .isEqualTo(NOW.minusSeconds(10).truncatedTo(ChronoUnit.SECONDS));
        assertThat(leaf.getNotAfter().toInstant())
                .isEqualTo(NOW.truncatedTo(ChronoUnit.SECONDS).plus(validity));
        assertThat(BasicConstraints.fromExtensions(leaf.getExtensions()).isCA()).isFalse();
        assertThat(leaf.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        KeyUsage ku = KeyUsage.fromExtensions(leaf.getExtensions());
        assertThat(ku.hasUsages(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement))
                .isTrue();
        assertThat(ku.hasUsages(KeyUsage.keyCertSign)).isFalse();
        assertThat(leaf.getExtension(Extension.keyUsage).isCritical()).isTrue();
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(leaf.getExtensions());
        assertThat(eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)).isTrue();
        assertThat(eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth)).isTrue();
        Extension san = leaf.getExtension(Extension.subjectAlternativeName);
        assertThat(san.isCritical()).isTrue();
        assertThat(List.of(GeneralNames.getInstance(san.getParsedValue()).getNames()))
                .allMatch(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
                .extracting(n -> n.getName().toString())
                .containsExactlyElementsOf(KUMA_URIS);
        assertThat(leaf.getExtension(Extension.subjectKeyIdentifier)).isNull();
        assertThat(leaf.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(ca.issuer().getPublicKey())))
                .isTrue();
    }

    static String fixture(String name) {
        try (var in = LeafCertificatesTest.class.getResourceAsStream("/kuma/provided-ca/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }
}
