package io.meshtrust.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes the PEM formats Kuma uses, with Bouncy Castle rather than by stripping headers, because Kuma keys are
 * PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}), not only PKCS#8.
 *
 * <p>Error messages never contain the input: a key file read by mistake must not end up in a log.
 */
public final class PemCodec {

    private PemCodec() {}

    /**
     * Reads every {@code CERTIFICATE} block, in order. Other blocks (a key in the same file, EC parameters) are
     * skipped, as Go's {@code tls.X509KeyPair} does.
     *
     * @param pem PEM text
     * @return the certificates, in file order, each with a public key that decodes; never empty
     * @throws PemException when the text is malformed or holds no certificate, or a certificate's key does not decode
     */
    public static List<X509Certificate> parseCertificates(String pem) throws PemException {
        var converter = EmptyNameCertificates.converter();
        List<X509Certificate> certificates = new ArrayList<>();
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object block;
            while ((block = readBlock(parser)) != null) {
                if (block instanceof X509CertificateHolder holder) {
                    X509Certificate certificate = converter.getCertificate(holder);
                    // Bouncy Castle decodes the key lazily: a certificate whose key does not decode would otherwise
                    // fail later, outside this method's contract, wherever the key is first used. It throws for some
                    // broken keys and returns null for others (an algorithm it knows with parameters it cannot read).
                    if (certificate.getPublicKey() == null) {
                        throw new PemException("a CERTIFICATE block holds a public key that does not decode");
                    }
                    certificates.add(certificate);
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new PemException("a CERTIFICATE block is not a valid X.509 certificate");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        if (certificates.isEmpty()) {
            throw new PemException("no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    /**
     * Reads the first private key: PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} (an {@code EC
     * PARAMETERS} block before it is allowed) or PKCS#8 {@code PRIVATE KEY}.
     *
     * @param pem PEM text
     * @return the private key
     * @throws PemException when the text is malformed, holds no private key, or the key is encrypted
     */
    public static PrivateKey parsePrivateKey(String pem) throws PemException {
        var converter = new JcaPEMKeyConverter();
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object block;
            while ((block = readBlock(parser)) != null) {
                if (block instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new PemException("the private key is encrypted; an unencrypted key is required");
                }
            }
        } catch (PemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Covers the converter's PEMException and ASN.1 errors; their messages may describe key bytes, so dropped.
            throw new PemException("the private key cannot be decoded (supported: PKCS#1, SEC1 EC, PKCS#8)");
        }
        throw new PemException("no PEM private key block found");
    }

    /** Encodes one DER certificate as a PEM {@code CERTIFICATE} block. */
    public static String encodeCertificate(byte[] der) {
        var out = new StringWriter();
        try (var writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE", der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Encodes certificates as consecutive PEM {@code CERTIFICATE} blocks.
     *
     * @param certificates leaf first
     * @return PEM text
     */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        var out = new StringWriter();
        try (var writer = new PemWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Encodes a private key the way Kuma writes it: RSA as PKCS#1 {@code RSA PRIVATE KEY}, EC as SEC1 {@code EC
     * PRIVATE KEY} with the named curve and the public point (like Go's {@code x509.MarshalECPrivateKey}), so the file
     * can be read on its own by OpenSSL, Go and Bouncy Castle.
     *
     * @param keyPair the key pair; the public half is needed for the EC encoding
     * @return PEM text
     */
    public static String encodePrivateKey(KeyPair keyPair) {
        PrivateKey privateKey = keyPair.getPrivate();
        try {
            PemObject pem;
            if (privateKey instanceof RSAPrivateKey) {
                ASN1Encodable pkcs1 =
                        PrivateKeyInfo.getInstance(privateKey.getEncoded()).parsePrivateKey();
                pem = new PemObject("RSA PRIVATE KEY", pkcs1.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            } else if (privateKey instanceof ECPrivateKey ec) {
                var publicKeyInfo =
                        SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(),
                        ec.getS(),
                        publicKeyInfo.getPublicKeyData(),
                        publicKeyInfo.getAlgorithm().getParameters());
                pem = new PemObject("EC PRIVATE KEY", sec1.getEncoded(ASN1Encoding.DER));
            } else {
                throw new IllegalArgumentException("unsupported private key algorithm " + privateKey.getAlgorithm());
            }
            var out = new StringWriter();
            try (var writer = new PemWriter(out)) {
                writer.writeObject(pem);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readBlock(PEMParser parser) throws PemException {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) { // RuntimeException: BC's base64 DecoderException
            // Bouncy Castle's messages can echo malformed content; describe the problem generically instead.
            throw new PemException("malformed PEM data");
        }
    }
}
