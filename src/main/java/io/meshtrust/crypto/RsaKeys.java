package io.meshtrust.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * RSA keys as Kuma stores them (docs/kuma-tokens.md §6.2): signing keys are PEM {@code RSA PRIVATE KEY} (PKCS#1), public keys
 * PEM {@code RSA PUBLIC KEY} (PKCS#1) or {@code PUBLIC KEY} (SPKI). Error messages never contain key material.
 */
public final class RsaKeys {

    public static final int SIGNING_KEY_BITS = 2048;

    private RsaKeys() {}

    /** A new RSA-2048 key pair. Private-key work: run it on the crypto worker. */
    public static KeyPair generate(int bits) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /**
     * Reads a signing key: exactly one PEM block of type {@code RSA PRIVATE KEY}, as Kuma requires.
     *
     * @throws PemException for any other content
     */
    public static RSAPrivateCrtKey parseSigningKey(String pem) throws PemException {
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object block = parser.readObject();
            if (!(block instanceof PEMKeyPair pair)) {
                throw new PemException("provided file is not a PEM-encoded signing key (expected RSA PRIVATE KEY)");
            }
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
            if (!(key instanceof RSAPrivateCrtKey rsa)) {
                throw new PemException("the signing key is not an RSA key");
            }
            return rsa;
        } catch (PemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new PemException("the signing key cannot be decoded as PEM RSA PRIVATE KEY");
        }
    }

    /**
     * Reads a public key: PEM {@code RSA PUBLIC KEY} (PKCS#1) or {@code PUBLIC KEY} (SPKI, must be RSA).
     *
     * @throws PemException with Kuma's wording for other PEM types
     */
    public static RSAPublicKey parsePublicKey(String pem) throws PemException {
        PemObject block;
        try (var reader = new PemReader(new StringReader(pem))) {
            block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new PemException("the public key is not valid PEM");
        }
        if (block == null) {
            throw new PemException("no PEM block found; expected RSA PUBLIC KEY or PUBLIC KEY");
        }
        try {
            SubjectPublicKeyInfo info = switch (block.getType()) {
                case "RSA PUBLIC KEY" ->
                    new SubjectPublicKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(block.getContent()));
                case "PUBLIC KEY" -> SubjectPublicKeyInfo.getInstance(block.getContent());
                default -> throw new PemException("invalid key encoding \"" + block.getType() + "\"");
            };
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
            if (!(key instanceof RSAPublicKey rsa)) {
                throw new PemException("encoded key is not a RSA key");
            }
            return rsa;
        } catch (PemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new PemException("the public key cannot be decoded");
        }
    }

    /** The public half of a private key. */
    public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
