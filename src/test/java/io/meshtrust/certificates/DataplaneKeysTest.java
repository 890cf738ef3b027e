package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.certificates.DataplaneKeys.ServerKeyType;
import io.meshtrust.crypto.PemCodec;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

/** Server-key mode: the key types a client may ask for and the keys and PEM we hand back. */
class DataplaneKeysTest {

    @Test
    void defaultsToRsa2048() {
        assertThat(ServerKeyType.fromJson(null)).isEqualTo(ServerKeyType.RSA2048);
        assertThat(ServerKeyType.fromJson("")).isEqualTo(ServerKeyType.RSA2048);
        assertThat(ServerKeyType.fromJson("rsa2048")).isEqualTo(ServerKeyType.RSA2048);
        assertThat(ServerKeyType.fromJson("ecdsa-p256")).isEqualTo(ServerKeyType.ECDSA_P256);
        assertThat(ServerKeyType.ECDSA_P256.json()).isEqualTo("ecdsa-p256");
    }

    @Test
    void rejectsUnknownKeyTypeListingTheAllowedOnes() {
        assertThatThrownBy(() -> ServerKeyType.fromJson("ed25519"))
                .isInstanceOfSatisfying(
                        InvalidCertificateRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("keyType"))
                .hasMessage(
                        "unsupported key type \"ed25519\": must be one of rsa2048, ecdsa-p256 (or omitted for rsa2048)");
    }

    @Test
    void generatesRsa2048WrittenAsPkcs1() throws Exception {
        KeyPair keys = DataplaneKeys.generate(ServerKeyType.RSA2048);
        assertThat(((RSAPublicKey) keys.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        String pem = DataplaneKeys.privateKeyPem(keys);
        assertThat(pemType(pem)).isEqualTo("RSA PRIVATE KEY");
        var parsed = (RSAPrivateCrtKey) PemCodec.parsePrivateKey(pem);
        assertThat(parsed.getModulus()).isEqualTo(((RSAPublicKey) keys.getPublic()).getModulus());
        assertThat(parsed.getPublicExponent()).isEqualTo(((RSAPublicKey) keys.getPublic()).getPublicExponent());
    }

    @Test
    void generatesEcP256WrittenAsSec1() throws Exception {
        KeyPair keys = DataplaneKeys.generate(ServerKeyType.ECDSA_P256);
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                        .getAlgorithm()
                        .getParameters());
        assertThat(curve).isEqualTo(SECObjectIdentifiers.secp256r1);
        String pem = DataplaneKeys.privateKeyPem(keys);
        assertThat(pemType(pem)).isEqualTo("EC PRIVATE KEY");
        var parsed = (ECPrivateKey) PemCodec.parsePrivateKey(pem);
        assertThat(parsed.getS()).isEqualTo(((ECPrivateKey) keys.getPrivate()).getS());
        var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                new PemReader(new StringReader(pem)).readPemObject().getContent());
        // the SEC1 file carries the public point, so it matches the public key on its own
        assertThat(sec1.getPublicKey().getBytes())
                .isEqualTo(SubjectPublicKeyInfo.getInstance(((ECPublicKey) keys.getPublic()).getEncoded())
                        .getPublicKeyData()
                        .getBytes());
    }

    private static String pemType(String pem) throws Exception {
        try (var reader = new PemReader(new StringReader(pem))) {
            return reader.readPemObject().getType();
        }
    }
}
