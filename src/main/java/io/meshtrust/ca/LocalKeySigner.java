package io.meshtrust.ca;

import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The one holder of a CA private key: the signer of the backends whose key lives in meshtrust's store ({@code builtin},
 * {@code provided}). Kuma's {@code GenerateDataplaneCert} of both managers
 * ({@code pkg/plugins/ca/builtin/manager.go}, {@code pkg/plugins/ca/provided/manager.go}) loads the pair and signs with
 * it; here the pair is parsed once per load ({@link CaMaterialCache} keeps it) and the key never leaves this object:
 * callers get a {@link LeafSigner} that signs on the crypto worker.
 */
public final class LocalKeySigner {

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final X500Name issuer;
    private final AuthorityKeyIdentifier authorityKeyIdentifier;

    LocalKeySigner(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
        try {
            var holder = new X509CertificateHolder(chain.get(0).getEncoded());
            this.issuer = holder.getSubject();
            Extension ski = holder.getExtension(Extension.subjectKeyIdentifier);
            this.authorityKeyIdentifier = ski == null
                    ? null
                    : new AuthorityKeyIdentifier(
                            ASN1OctetString.getInstance(ski.getParsedValue()).getOctets());
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalArgumentException("the CA certificate cannot be re-encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a backend's PEM pair and checks that it belongs together.
     *
     * @param backend the backend's name, for messages
     * @param crypto  where signatures run
     * @throws CaMaterialCache.CaUnavailableException when a PEM cannot be read or the key is not the certificate's
     */
    public static LoadedCa load(String backend, byte[] certPem, byte[] keyPem, CryptoWorker crypto) {
        try {
            String bundle = new String(certPem, StandardCharsets.UTF_8);
            List<X509Certificate> chain = PemCodec.parseCertificates(bundle);
            PrivateKey privateKey = PemCodec.parsePrivateKey(new String(keyPem, StandardCharsets.UTF_8));
            if (!publicPartsMatch(chain.get(0).getPublicKey(), privateKey)) {
                throw new CaMaterialCache.CaUnavailableException("failed to load CA key pair for backend \"" + backend
                        + "\": the CA certificate and its private key do not belong together (replace both secrets)");
            }
            var signer = new LocalKeySigner(chain, privateKey);
            return new LoadedCa(chain, bundle, signer.on(crypto));
        } catch (PemException | IllegalArgumentException e) {
            throw new CaMaterialCache.CaUnavailableException(
                    "failed to load CA key pair for backend \"" + backend + "\": " + e.getMessage());
        }
    }

    /** This signer with its signatures on the crypto pool. */
    LeafSigner on(CryptoWorker crypto) {
        return (template, subject) -> crypto.submit(() -> sign(template, subject));
    }

    /** Signs now, on the calling thread: private-key work, for the crypto worker only. */
    IssuedLeaf sign(LeafTemplate template, PublicKey subject) {
        try {
            var builder = new X509v3CertificateBuilder(
                    issuer,
                    template.serial(),
                    Date.from(template.notBefore()),
                    Date.from(template.notAfter()),
                    template.subject(),
                    SubjectPublicKeyInfo.getInstance(subject.getEncoded()));
            for (Extension extension : template.extensions()) {
                builder.addExtension(extension);
            }
            if (authorityKeyIdentifier != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(key.getAlgorithm())).build(key);
            return new IssuedLeaf(builder.build(signer), chain);
        } catch (Exception e) {
            throw new IllegalStateException("could not sign the dataplane certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the key is the certificate's, from public parts only (an RSA key's modulus and public exponent), so no
     * private-key operation runs on the event loop that loads the material. Role validation checks each secret's form
     * on write but not the pair, which may be replaced one secret at a time; a mismatched pair would otherwise sign
     * leaves that never verify. Other key types were checked by signing when their mesh was written
     * ({@code CaCertValidator}) and are not re-checked here.
     */
    static boolean publicPartsMatch(PublicKey certificateKey, PrivateKey privateKey) {
        if (certificateKey instanceof RSAPublicKey pub) {
            if (!(privateKey instanceof RSAKey rsa) || !pub.getModulus().equals(rsa.getModulus())) {
                return false;
            }
            return !(privateKey instanceof RSAPrivateCrtKey crt)
                    || crt.getPublicExponent().equals(pub.getPublicExponent());
        }
        return !(privateKey instanceof RSAKey);
    }

    static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported CA key algorithm " + keyAlgorithm);
        };
    }

    @Override
    public String toString() {
        return "LocalKeySigner[" + issuer + "]"; // never the key
    }
}
