package io.meshtrust.certificates;

import io.meshtrust.ca.LeafTemplate;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Kuma's data-plane certificate ({@code pkg/core/ca/issuer/issuer.go}, {@code NewWorkloadCert}), for every CA backend
 * alike, as a {@link LeafTemplate} the CA signs: random serial in
 * [1, 2^128 − 1], empty subject, issuer = the CA's subject, NotBefore now − 10 s, NotAfter now + validity (second
 * precision), critical {@code CA:FALSE}, critical KU digitalSignature + keyEncipherment + keyAgreement, EKU server and
 * client auth, critical SAN of URIs ({@code spiffe://<mesh>/<service>} for each service, then
 * {@code kuma://<tag>/<value>} for every tag); the CA adds its subject as issuer and AKI = its SKI when it has one.
 * Nothing here touches a key.
 */
public final class LeafCertificates {

    static final Duration BACKDATE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);
    private static final BigInteger SERIAL_LIMIT = BigInteger.ONE.shiftLeft(128);
    private static final Pattern SPIFFE_SEGMENT = Pattern.compile("^[A-Za-z0-9._-]+$");

    private LeafCertificates() {}

    /** The identity URIs in Kuma's order, or an exception naming the tag that cannot become a URI. */
    public static List<String> uris(String mesh, Map<String, ? extends Collection<String>> tags) {
        Collection<String> declared = tags.get("kuma.io/service");
        SortedSet<String> services = declared == null ? new TreeSet<>() : new TreeSet<>(declared);
        List<String> uris = new ArrayList<>();
        for (String service : services) {
            if (!SPIFFE_SEGMENT.matcher(service).matches() || service.equals(".") || service.equals("..")) {
                throw new IllegalArgumentException(
                        "invalid SPIFFE ID: service \"" + service + "\" cannot be a path segment");
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

    /**
     * Kuma's leaf profile for {@code uris} ({@link #uris}), valid from {@code now} − 10 s to {@code now} + validity at
     * second precision, as a template the mesh's CA signs ({@code CaMaterial.issue}); the CA adds its name and, when it
     * has a subject key identifier, the authority key identifier.
     */
    public static LeafTemplate template(List<String> uris, Instant now, Duration validity) {
        try {
            return new LeafTemplate(
                    serial(),
                    EMPTY_NAME,
                    now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS),
                    now.plus(validity).truncatedTo(ChronoUnit.SECONDS),
                    List.of(
                            Extension.create(Extension.basicConstraints, true, NOT_A_CA),
                            Extension.create(Extension.keyUsage, true, KEY_USAGE),
                            Extension.create(Extension.extendedKeyUsage, false, EXTENDED_KEY_USAGE),
                            Extension.create(
                                    Extension.subjectAlternativeName,
                                    true,
                                    new GeneralNames(uris.stream()
                                            .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u))
                                            .toArray(GeneralName[]::new)))));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the dataplane certificate's extensions", e);
        }
    }

    private static final X500Name EMPTY_NAME = new X500Name(new RDN[0]);
    private static final BasicConstraints NOT_A_CA = new BasicConstraints(false);
    private static final KeyUsage KEY_USAGE =
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement);
    private static final ExtendedKeyUsage EXTENDED_KEY_USAGE =
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});

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
