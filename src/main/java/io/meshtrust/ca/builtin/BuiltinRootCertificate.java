package io.meshtrust.ca.builtin;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The builtin CA's root certificate, exactly Kuma's profile (docs/kuma-ca-insights.md §2.3): serial 0, subject = issuer
 * {@code O=Kuma, OU=Mesh, CN=<mesh>}, NotBefore now − 10 s, NotAfter now + expiration (second precision), critical
 * {@code CA:TRUE} and {@code keyCertSign, cRLSign}, SAN URI {@code spiffe://<mesh>}, SKI = first 20 bytes of SHA-256
 * of the public key bits (as Go ≥ 1.25), no AKI, no EKU. Signing is private-key work: call on the crypto worker.
 */
public final class BuiltinRootCertificate {

    static final Duration BACKDATE = Duration.ofSeconds(10);

    private BuiltinRootCertificate() {}

    public static X509Certificate create(String mesh, KeyPair keys, Instant now, Duration validity) {
        try {
            var name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Kuma")
                    .addRDN(BCStyle.OU, "Mesh")
                    .addRDN(BCStyle.CN, mesh)
                    .build();
            Instant notBefore = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
            Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
            SubjectPublicKeyInfo spki =
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
            var builder = new X509v3CertificateBuilder(
                    name, BigInteger.ZERO, Date.from(notBefore), Date.from(notAfter), name, spki);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://" + mesh)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(ski(spki)));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("could not create the builtin CA certificate for mesh " + mesh, e);
        }
    }

    static byte[] ski(SubjectPublicKeyInfo spki) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(spki.getPublicKeyData().getBytes());
        return Arrays.copyOf(digest, 20);
    }
}
