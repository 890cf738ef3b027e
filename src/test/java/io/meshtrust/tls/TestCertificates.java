package io.meshtrust.tls;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.EmptyNameCertificates;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates: Kuma-style self-signed ones, and a classic CA with named subjects issuing client certificates. */
final class TestCertificates {

    private TestCertificates() {}

    static CertificateAndKey selfSigned(CertType type, String... hosts) {
        return SelfSignedCertificates.sign(
                KeyType.ecdsa.generate(), type, List.of(hosts), Instant.now(), new SecureRandom());
    }

    static CertificateAndKey ca(String commonName) {
        KeyPair keyPair = KeyType.ecdsa.generate();
        return build(new X500Name("CN=" + commonName), keyPair, new X500Name("CN=" + commonName), keyPair, true, null);
    }

    static CertificateAndKey issueClient(CertificateAndKey ca, String commonName) {
        X500Name issuer =
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return build(
                new X500Name("CN=" + commonName),
                KeyType.ecdsa.generate(),
                issuer,
                new KeyPair(ca.certificate().getPublicKey(), ca.privateKey()),
                false,
                KeyPurposeId.id_kp_clientAuth);
    }

    private static CertificateAndKey build(
            X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, boolean ca, KeyPurposeId eku) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (eku != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            }
            X509Certificate certificate = EmptyNameCertificates.converter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
            return new CertificateAndKey(List.of(certificate), subjectKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key as PKCS#8 {@code PRIVATE KEY}, written by the JDK, to exercise the non-Kuma key format. */
    static String pkcs8(CertificateAndKey pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
