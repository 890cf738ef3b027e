package io.meshtrust.certificates;

import io.meshtrust.ca.CaMaterial;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Kuma's data-plane certificate (kuma-ca-insights §4.2), for builtin and provided CAs alike: random serial in
 * [1, 2^128 − 1], empty subject, issuer = the CA's subject, NotBefore now − 10 s, NotAfter now + validity (second
 * precision), critical {@code CA:FALSE}, critical KU digitalSignature + keyEncipherment + keyAgreement, EKU server and
 * client auth, critical SAN of URIs ({@code spiffe://<mesh>/<service>} for each service, then
 * {@code kuma://<tag>/<value>} for every tag), AKI = the CA's SKI when it has one. Signing is private-key work: call on
 * the crypto worker.
 */
public final class LeafCertificates {

    static final Duration BACKDATE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);
    private static final BigInteger SERIAL_LIMIT = BigInteger.ONE.shiftLeft(128);
    private static final Pattern SPIFFE_SEGMENT = Pattern.compile("^[A-Za-z0-9._-]+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LeafCertificates() {}

    /** The identity URIs in Kuma's order, or an exception naming the tag that cannot become a URI. */
    public static List<String> uris(String mesh, Map<String, ? extends java.util.Collection<String>> tags) {
        java.util.Collection<String> declared = tags.get("kuma.io/service");
        SortedSet<String> services = declared == null ? new TreeSet<>() : new TreeSet<>(declared);
        List<String> uris = new ArrayList<>();
        for (String service : services) {
            if (!SPIFFE_SEGMENT.matcher(service).matches() || service.equals(".") || service.equals("..")) {
                throw new IllegalArgumentException("invalid SPIFFE ID: service \"" + service + "\" cannot be a path segment");
            }
            uris.add("spiffe://" + mesh + "/" + service);
        }
        for (var tag : new TreeMap<>(tags).entrySet()) {
            for (String value : new TreeSet<>(tag.getValue())) {
                String uri = "kuma://" + tag.getKey() + "/" + value;
                try {
                    new URI(uri);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("invalid Kuma URI: " + uri);
                }
                uris.add(uri);
            }
        }
        return uris;
    }

    public static X509Certificate issue(
            CaMaterial ca, String mesh, Map<String, ? extends java.util.Collection<String>> tags, PublicKey subject, Instant now,
            Duration validity) {
        List<String> uris = uris(mesh, tags);
        try {
            var issuer = new X509CertificateHolder(ca.issuer().getEncoded());
            var builder = new X509v3CertificateBuilder(
                    issuer.getSubject(),
                    serial(),
                    Date.from(now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS)),
                    Date.from(now.plus(validity).truncatedTo(ChronoUnit.SECONDS)),
                    new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                    SubjectPublicKeyInfo.getInstance(subject.getEncoded()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(uris.stream()
                    .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u)).toArray(GeneralName[]::new)));
            Extension ski = issuer.getExtension(Extension.subjectKeyIdentifier);
            if (ski != null) {
                byte[] id = ASN1OctetString.getInstance(ski.getParsedValue()).getOctets();
                builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(id));
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(ca.key().getAlgorithm())).build(ca.key());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("could not sign the dataplane certificate: " + e.getMessage(), e);
        }
    }

    static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported CA key algorithm " + keyAlgorithm);
        };
    }

    static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0 || serial.compareTo(SERIAL_LIMIT) >= 0);
        return serial;
    }
}
