package io.meshtrust.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the PKCS#10 certificate request a dataplane sends in CSR mode ({@code POST .../certificate} with
 * {@code {"csr": ...}}) and returns the public key to certify, after checking that the request is signed by that key
 * (proof of possession) and that the key is one we issue for: RSA of 2048 to 8192 bits, or EC on P-256 or P-384.
 *
 * <p>Only the key is used. The subject and requested extensions are ignored: a dataplane's identity comes from its
 * Dataplane resource (docs/kuma-ca-insights.md §4.1), never from what it asks for.
 *
 * <p>Pure and synchronous. Verifying an RSA signature is cheap, but callers may run it on the crypto worker with the
 * signing that follows.
 */
public final class CertificateRequests {

    /** Largest accepted PEM text, in characters; an 8192-bit RSA request is under 3 KiB. */
    public static final int MAX_PEM_CHARS = 64 * 1024;

    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 8192;

    private static final List<String> PEM_TYPES = List.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    private static final Map<ASN1ObjectIdentifier, String> SUPPORTED_CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_dsa, "DSA");
    private static final String USE = "use RSA (2048+) or EC P-256/P-384";

    private CertificateRequests() {}

    /**
     * Parses and checks a PEM PKCS#10 request.
     *
     * @param pem exactly one PEM block {@code CERTIFICATE REQUEST} (or {@code NEW CERTIFICATE REQUEST}); text around
     *     the block is ignored, as OpenSSL does
     * @return the request's public key: an {@link RSAPublicKey} or a {@link java.security.interfaces.ECPublicKey}
     * @throws InvalidCertificateRequestException on field {@code csr} when the text is too large, not PEM, holds
     *     another block or more than one, is not DER PKCS#10, carries an unsupported or weak key, or its signature
     *     does not verify with the key it carries
     */
    public static PublicKey parse(String pem) {
        PKCS10CertificationRequest request = decode(pem);
        SubjectPublicKeyInfo keyInfo = request.getSubjectPublicKeyInfo();
        checkKeyInfo(keyInfo);
        PublicKey key = toJca(keyInfo);
        if (key instanceof RSAPublicKey rsa) {
            checkRsaSize(rsa.getModulus().bitLength());
        }
        verifySignature(request, key);
        return key;
    }

    private static PKCS10CertificationRequest decode(String pem) {
        if (pem == null || pem.isBlank()) {
            throw InvalidCertificateRequestException.csr(
                    "is empty: expected a PEM-encoded PKCS#10 certificate request (BEGIN CERTIFICATE REQUEST)");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw InvalidCertificateRequestException.csr(
                    "is larger than 64 KiB: a PEM certificate request is a few KiB at most");
        }
        List<PemObject> blocks = new ArrayList<>();
        try (var reader = new PemReader(new StringReader(pem))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) { // RuntimeException: Bouncy Castle's base64 DecoderException
            // Bouncy Castle's messages may quote the input: describe the problem instead.
            throw InvalidCertificateRequestException.csr(
                    "is not valid PEM: a block is unterminated or its base64 content is corrupt");
        }
        if (blocks.isEmpty()) {
            throw InvalidCertificateRequestException.csr(
                    "is not a PEM-encoded PKCS#10 certificate request (expected BEGIN CERTIFICATE REQUEST)");
        }
        if (blocks.size() > 1) {
            throw InvalidCertificateRequestException.csr(
                    "contains more than one PEM block: send exactly one CERTIFICATE REQUEST");
        }
        PemObject block = blocks.get(0);
        if (!PEM_TYPES.contains(block.getType())) {
            throw InvalidCertificateRequestException.csr(
                    "is a PEM " + printable(block.getType())
                            + " block, not a certificate request: send a PKCS#10 CERTIFICATE REQUEST (e.g. from openssl req -new)");
        }
        try {
            return new PKCS10CertificationRequest(block.getContent());
        } catch (IOException | RuntimeException e) {
            throw InvalidCertificateRequestException.csr(
                    "is not a valid PKCS#10 certificate request: the PEM block does not hold a DER CertificationRequest");
        }
    }

    private static void checkKeyInfo(SubjectPublicKeyInfo keyInfo) {
        ASN1ObjectIdentifier algorithm = keyInfo.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return;
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable parameters = keyInfo.getAlgorithm().getParameters();
            if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
                throw InvalidCertificateRequestException.csr(
                        "EC key without a named curve (explicit or implicit parameters) is not supported: use P-256 or P-384");
            }
            if (!SUPPORTED_CURVES.containsKey(curve)) {
                throw InvalidCertificateRequestException.csr(
                        "EC curve " + curveName(curve) + " is not supported: use P-256 or P-384");
            }
            return;
        }
        throw InvalidCertificateRequestException.csr("key algorithm "
                + KEY_ALGORITHMS.getOrDefault(algorithm, algorithm.getId()) + " is not supported: " + USE);
    }

    private static void checkRsaSize(int bits) {
        if (bits < MIN_RSA_BITS) {
            throw InvalidCertificateRequestException.csr(
                    "RSA key of " + bits + " bits is too weak: use at least " + MIN_RSA_BITS);
        }
        if (bits > MAX_RSA_BITS) {
            throw InvalidCertificateRequestException.csr(
                    "RSA key of " + bits + " bits is too large: use at most " + MAX_RSA_BITS);
        }
    }

    private static PublicKey toJca(SubjectPublicKeyInfo keyInfo) {
        try {
            String algorithm =
                    keyInfo.getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "EC";
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(keyInfo.getEncoded()));
        } catch (Exception e) {
            throw InvalidCertificateRequestException.csr(
                    "the public key cannot be decoded: the request's key is malformed");
        }
    }

    /** The usual request signatures, verified with the JCA directly (no per-call provider and operator setup). */
    private static final Map<ASN1ObjectIdentifier, String> DIRECT_SIGNATURES = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");

    private static void verifySignature(PKCS10CertificationRequest request, PublicKey key) {
        AlgorithmIdentifier algorithm = request.getSignatureAlgorithm();
        String direct = DIRECT_SIGNATURES.get(algorithm.getAlgorithm());
        boolean rsa = key instanceof RSAPublicKey;
        if (direct != null && direct.endsWith("RSA") == rsa) {
            boolean valid;
            try {
                var signature = Signature.getInstance(direct);
                signature.initVerify(key);
                signature.update(
                        request.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
                valid = signature.verify(request.getSignature());
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                valid = false; // e.g. an ECDSA signature that is not even valid DER
            }
            if (!valid) {
                throw InvalidCertificateRequestException.csr(
                        "signature does not verify: the request was altered or not signed by its key");
            }
            return;
        }
        boolean valid;
        try {
            valid = request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (PKCSException e) {
            if (e.getCause() instanceof OperatorCreationException) {
                throw InvalidCertificateRequestException.csr("signature algorithm "
                        + signatureName(request.getSignatureAlgorithm()) + " is not supported for an "
                        + key.getAlgorithm() + " key: sign the request with SHA-256 or stronger");
            }
            valid = false; // e.g. an ECDSA signature that is not even valid DER
        } catch (OperatorCreationException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw InvalidCertificateRequestException.csr(
                    "signature does not verify: the request was altered or not signed by its key");
        }
    }

    private static String curveName(ASN1ObjectIdentifier curve) {
        String name = ECNamedCurveTable.getName(curve);
        return name != null ? name : curve.getId();
    }

    private static String signatureName(AlgorithmIdentifier algorithm) {
        try {
            return new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm);
        } catch (RuntimeException e) {
            return algorithm.getAlgorithm().getId();
        }
    }

    /** A PEM type line is attacker-controlled: keep it short and printable before echoing it. */
    private static String printable(String type) {
        String cleaned = type.replaceAll("[^A-Za-z0-9 #._-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
    }
}
