package io.meshtrust.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PKCS#10 requests and keys for tests, built with Bouncy Castle as a dataplane agent would. */
public final class Csrs {

    /** Not registered globally: only for curves the JDK dropped (secp256k1). */
    public static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Csrs() {}

    /** A request for {@code keys}, signed by its own key, with a subject the server must ignore. */
    public static String pem(KeyPair keys) {
        return pem(keys.getPublic(), keys.getPrivate(), null);
    }

    /** A request carrying {@code carried} but signed with {@code signer} (no proof of possession). */
    public static String pem(PublicKey carried, PrivateKey signer) {
        return pem(carried, signer, null);
    }

    /** @param provider the JCA provider for signing, or null for the JDK's */
    public static String pem(PublicKey carried, PrivateKey signer, Provider provider) {
        return pem(der(request(carried, signer, provider)));
    }

    public static byte[] der(PKCS10CertificationRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PKCS10CertificationRequest request(PublicKey carried, PrivateKey signer, Provider provider) {
        try {
            var signerBuilder = new JcaContentSignerBuilder(signatureAlgorithm(signer));
            if (provider != null) {
                signerBuilder.setProvider(provider);
            }
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored,O=attacker"), carried)
                    .build(signerBuilder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a test CSR", e);
        }
    }

    public static String pem(byte[] der) {
        return pem("CERTIFICATE REQUEST", der);
    }

    public static String pem(String type, byte[] der) {
        var out = new StringWriter();
        try (var writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static KeyPair rsa(int bits) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param curve a JCA curve name such as {@code secp256r1} */
    public static KeyPair ec(String curve) {
        return ec(curve, null);
    }

    public static KeyPair ec(String curve, Provider provider) {
        try {
            var generator = provider == null
                    ? KeyPairGenerator.getInstance("EC")
                    : KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException(key.getAlgorithm());
        };
    }
}
