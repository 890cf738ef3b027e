package io.meshtrust.ca.provided;

import io.meshtrust.api.Violation;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Kuma's {@code validateCaCert} (docs/kuma-ca-insights.md §3.4): the cert and key must form a TLS key pair (with Go's error
 * texts), then every certificate in the file must be a CA with {@code keyCertSign} and without {@code keyAgreement}.
 * Expiry, chain signatures and path lengths are deliberately not checked, as in Kuma.
 */
public final class CaCertValidator {

    static final String NOT_CA = "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)";
    static final String NO_CERT_SIGN = "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)";
    static final String KEY_AGREEMENT =
            "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)";

    private CaCertValidator() {}

    public static List<Violation> validate(byte[] certPem, byte[] keyPem) {
        List<Violation> v = new ArrayList<>();
        String pairError =
                keyPairError(new String(certPem, StandardCharsets.UTF_8), new String(keyPem, StandardCharsets.UTF_8));
        if (pairError != null) {
            v.add(new Violation("cert", "not a valid TLS key pair: " + pairError));
            return v;
        }
        List<PemObject> blocks = blocks(new String(certPem, StandardCharsets.UTF_8));
        int i = 0;
        for (PemObject block : blocks) {
            if (!block.getType().equals("CERTIFICATE")) {
                continue;
            }
            String field = "cert[" + i++ + "]";
            X509CertificateHolder cert;
            try {
                cert = new X509CertificateHolder(block.getContent());
            } catch (IOException | RuntimeException e) {
                v.add(new Violation(field, "not a valid x509 certificate: x509: malformed certificate"));
                return v;
            }
            BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
            if (bc == null || !bc.isCA()) {
                v.add(new Violation(field, NOT_CA));
            }
            KeyUsage ku = KeyUsage.fromExtensions(cert.getExtensions());
            if (ku == null || !ku.hasUsages(KeyUsage.keyCertSign)) {
                v.add(new Violation(field, NO_CERT_SIGN));
            }
            if (ku != null && ku.hasUsages(KeyUsage.keyAgreement)) {
                v.add(new Violation(field, KEY_AGREEMENT));
            }
        }
        return v;
    }

    /** Go's {@code tls.X509KeyPair} failures, by their texts; null when the pair is usable. */
    static String keyPairError(String certPem, String keyPem) {
        List<PemObject> certBlocks = blocks(certPem);
        if (certBlocks.isEmpty()) {
            return "tls: failed to find any PEM data in certificate input";
        }
        List<String> skipped = new ArrayList<>();
        boolean hasCert = false;
        for (PemObject b : certBlocks) {
            if (b.getType().equals("CERTIFICATE")) {
                hasCert = true;
                break;
            }
            skipped.add(b.getType());
        }
        if (!hasCert) {
            if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
                return "tls: failed to find certificate PEM data in certificate input, but did find a private key; "
                        + "PEM inputs may have been switched";
            }
            return "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of "
                    + "the following types: " + skipped;
        }
        List<PemObject> keyBlocks = blocks(keyPem);
        if (keyBlocks.isEmpty()) {
            return "tls: failed to find any PEM data in key input";
        }
        List<String> skippedKeys = new ArrayList<>();
        PemObject keyBlock = null;
        for (PemObject b : keyBlocks) {
            if (b.getType().equals("PRIVATE KEY") || b.getType().endsWith(" PRIVATE KEY")) {
                keyBlock = b;
                break;
            }
            skippedKeys.add(b.getType());
        }
        if (keyBlock == null) {
            if (skippedKeys.size() == 1 && skippedKeys.get(0).equals("CERTIFICATE")) {
                return "tls: found a certificate rather than a key in the PEM for the private key";
            }
            return "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping "
                    + "PEM blocks of the following types: " + skippedKeys;
        }
        List<X509Certificate> chain;
        try {
            chain = PemCodec.parseCertificates(certPem);
        } catch (PemException | RuntimeException e) {
            return "x509: malformed certificate";
        }
        PrivateKey key;
        try {
            key = PemCodec.parsePrivateKey(keyPem);
        } catch (PemException | RuntimeException e) {
            return "tls: failed to parse private key";
        }
        if (!sameAlgorithm(chain.get(0).getPublicKey().getAlgorithm(), key.getAlgorithm())) {
            return "tls: private key type does not match public key type";
        }
        if (!new CertificateAndKey(chain, key).keyMatchesCertificate()) {
            return "tls: private key does not match public key";
        }
        return null;
    }

    private static boolean sameAlgorithm(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String algorithm) {
        return algorithm.equals("ECDSA") ? "EC" : algorithm;
    }

    static List<PemObject> blocks(String pem) {
        List<PemObject> out = new ArrayList<>();
        try (var reader = new PemReader(new StringReader(pem))) {
            PemObject o;
            while ((o = reader.readPemObject()) != null) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // a malformed block ends the input, as Go's pem.Decode stops at it
        }
        return out;
    }
}
