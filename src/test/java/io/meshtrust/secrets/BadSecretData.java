package io.meshtrust.secrets;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import io.meshtrust.testsupport.Csrs;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Secret data of every kind the role tests throw at the API, built with Bouncy Castle and the JDK. */
final class BadSecretData {

    private BadSecretData() {}

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static KeyPair rsa(int bits) {
        return RsaKeys.generate(bits);
    }

    /** PKCS#1 {@code RSA PRIVATE KEY}, as Kuma and meshtrust write signing keys. */
    static String pkcs1(KeyPair keys) {
        return PemCodec.encodePrivateKey(keys);
    }

    /** PKCS#8 {@code PRIVATE KEY}. */
    static String pkcs8(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    static KeyPair ec() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate, a CA (CA:TRUE, keyCertSign) or a leaf. */
    static String certificate(KeyPair keys, boolean ca) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    new X500Name("CN=role-test"),
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(1, ChronoUnit.DAYS)),
                    new X500Name("CN=role-test"),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                            ca
                                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            return PemCodec.encodeCertificate(builder.build(signer).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM certificate request for the key. */
    static String csr(KeyPair keys) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=role-test"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            return pem("CERTIFICATE REQUEST", request.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return Csrs.pem(type, der);
    }
}
