package io.meshtrust.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain (leaf first) and the private key of its leaf.
 *
 * @param chain the leaf certificate followed by any intermediates; never empty
 * @param privateKey the leaf's private key
 */
public record CertificateAndKey(List<X509Certificate> chain, PrivateKey privateKey) {

    /** Validates and copies the chain. */
    public CertificateAndKey {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
    }

    /** @return the leaf certificate */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** @return the leaf certificate and the private key as one key pair */
    public KeyPair keyPair() {
        return new KeyPair(certificate().getPublicKey(), privateKey);
    }

    /** @return the chain as PEM {@code CERTIFICATE} blocks, leaf first */
    public String certificatePem() {
        return PemCodec.encodeCertificates(chain);
    }

    /** @return the private key as PEM: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1), as Kuma writes it */
    public String privateKeyPem() {
        return PemCodec.encodePrivateKey(keyPair());
    }

    /**
     * Tells whether the private key belongs to the leaf certificate, by signing a random challenge and verifying it
     * with the certificate's public key. Works for RSA and EC without comparing key internals.
     *
     * @return {@code true} when the key matches the leaf certificate
     */
    public boolean keyMatchesCertificate() {
        PublicKey publicKey = certificate().getPublicKey();
        if (!sameAlgorithmFamily(publicKey, privateKey)) {
            return false;
        }
        try {
            String algorithm = privateKey instanceof RSAKey ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean sameAlgorithmFamily(PublicKey publicKey, PrivateKey privateKey) {
        return (publicKey instanceof RSAKey && privateKey instanceof RSAKey)
                || (publicKey instanceof ECKey && privateKey instanceof ECKey);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "CertificateAndKey[subject=" + certificate().getSubjectX500Principal() + ", serial="
                + certificate().getSerialNumber().toString(16) + "]";
    }
}
