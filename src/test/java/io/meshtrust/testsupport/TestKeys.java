package io.meshtrust.testsupport;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Kuma's test keys ({@code ../shared/fixtures/kuma/keys}) and fresh keys, parsed with Bouncy Castle. */
public final class TestKeys {

    private TestKeys() {}

    public static String resource(String name) {
        try (var in = TestKeys.class.getResourceAsStream("/kuma/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    public static PrivateKey privateKey(String name) {
        return keyPair(resource(name)).getPrivate();
    }

    public static KeyPair keyPair(String pem) {
        try (var reader = new PEMParser(new StringReader(pem))) {
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) reader.readObject());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A public key file: PKCS#1 {@code RSA PUBLIC KEY} or SPKI {@code PUBLIC KEY}. */
    public static PublicKey publicKey(String name) {
        try (Reader reader = new InputStreamReader(
                        TestKeys.class.getResourceAsStream("/kuma/keys/" + name), StandardCharsets.US_ASCII);
                var pem = new PEMParser(reader)) {
            Object o = pem.readObject();
            SubjectPublicKeyInfo info = o instanceof SubjectPublicKeyInfo spki
                    ? spki
                    : new SubjectPublicKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            RSAPublicKey.getInstance(o));
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    public static KeyPair freshRsa() {
        try {
            var g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
