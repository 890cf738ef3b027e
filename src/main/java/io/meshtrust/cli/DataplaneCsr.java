package io.meshtrust.cli;

import io.meshtrust.crypto.KeyType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The agent's key types (the names of the server's {@code keyType}) and its PKCS#10 requests. The server takes only
 * the public key from a CSR and puts the dataplane's identity in the certificate, so the subject is just
 * {@code CN=<dataplane>} for people reading the request.
 */
enum DataplaneCsr {
    /** ECDSA on P-256, the default: fast to generate, so a new key for every renewal costs nothing. */
    ECDSA_P256("ecdsa-p256", KeyType.ecdsa, "SHA256withECDSA"),
    /** RSA 2048 bits, for data planes that cannot use EC keys. */
    RSA2048("rsa2048", KeyType.rsa, "SHA256withRSA");

    final String flag;
    private final KeyType keyType;
    private final String signatureAlgorithm;

    DataplaneCsr(String flag, KeyType keyType, String signatureAlgorithm) {
        this.flag = flag;
        this.keyType = keyType;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** @throws CliException naming the allowed values */
    static DataplaneCsr parse(String flag) {
        for (DataplaneCsr type : values()) {
            if (type.flag.equals(flag)) {
                return type;
            }
        }
        throw new CliException(
                "invalid argument \"" + flag + "\" for \"--key-type\" flag: must be one of ecdsa-p256|rsa2048");
    }

    /** A fresh key pair (JCA). */
    KeyPair generate() {
        return keyType.generate();
    }

    /** A PEM {@code CERTIFICATE REQUEST} for the key, signed with it. */
    String csrPem(KeyPair key, String dataplane) {
        try {
            var subject = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(dataplane))});
            var request = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).build(key.getPrivate()));
            var out = new StringWriter();
            try (var writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
            }
            return out.toString();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a " + flag + " certificate request", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
