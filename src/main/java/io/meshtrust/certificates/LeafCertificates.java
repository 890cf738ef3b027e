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
        try {
            return new JcaX509CertificateConverter().getCertificate(issueHolder(ca, mesh, tags, subject, now, validity));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("could not read back the dataplane certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The leaf as Bouncy Castle's holder: what the minting path needs (DER, serial, validity) without a JDK
     * re-parse of the certificate, which costs almost as much as the signature.
     */
    public static X509CertificateHolder issueHolder(
            CaMaterial ca, String mesh, Map<String, ? extends java.util.Collection<String>> tags, PublicKey subject, Instant now,
            Duration validity) {
        List<String> uris = uris(mesh, tags);
        try {
            Issuer issuer = issuer(ca.issuer());
            var builder = new X509v3CertificateBuilder(
                    issuer.subject(),
                    serial(),
                    Date.from(now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS)),
                    Date.from(now.plus(validity).truncatedTo(ChronoUnit.SECONDS)),
                    EMPTY_NAME,
                    SubjectPublicKeyInfo.getInstance(subject.getEncoded()));
            builder.addExtension(Extension.basicConstraints, true, NOT_A_CA);
            builder.addExtension(Extension.keyUsage, true, KEY_USAGE);
            builder.addExtension(Extension.extendedKeyUsage, false, EXTENDED_KEY_USAGE);
            builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(uris.stream()
                    .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u)).toArray(GeneralName[]::new)));
            if (issuer.authorityKeyIdentifier() != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdentifier());
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(ca.key().getAlgorithm())).build(ca.key());
            return builder.build(signer);
        } catch (Exception e) {
            throw new IllegalStateException("could not sign the dataplane certificate: " + e.getMessage(), e);
        }
    }

    private static final X500Name EMPTY_NAME = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
    private static final BasicConstraints NOT_A_CA = new BasicConstraints(false);
    private static final KeyUsage KEY_USAGE =
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement);
    private static final ExtendedKeyUsage EXTENDED_KEY_USAGE =
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});

    /** What a leaf takes from its issuing CA certificate, parsed once per CA certificate. */
    private record Issuer(X500Name subject, AuthorityKeyIdentifier authorityKeyIdentifier) {}

    // CA certificates are few and long-lived; a CA that was replaced leaves one small entry until the map is reset.
    private static final Map<X509Certificate, Issuer> ISSUERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Issuer issuer(X509Certificate ca) throws java.io.IOException, java.security.cert.CertificateEncodingException {
        Issuer known = ISSUERS.get(ca);
        if (known != null) {
            return known;
        }
        var holder = new X509CertificateHolder(ca.getEncoded());
        Extension ski = holder.getExtension(Extension.subjectKeyIdentifier);
        AuthorityKeyIdentifier aki = ski == null ? null
                : new AuthorityKeyIdentifier(ASN1OctetString.getInstance(ski.getParsedValue()).getOctets());
        var issuer = new Issuer(holder.getSubject(), aki);
        if (ISSUERS.size() > 1000) {
            ISSUERS.clear();
        }
        ISSUERS.put(ca, issuer);
        return issuer;
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
        // A SecureRandom per call, never a static one: Quarkus initialises this class while the native image is
        // built, and a Random in the image heap fails the build (or would repeat the same serials in every process).
        // Creating one is cheap next to the RSA signature that follows (NativePRNG shares the OS source).
        SecureRandom random = new SecureRandom();
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0 || serial.compareTo(SERIAL_LIMIT) >= 0);
        return serial;
    }
}
