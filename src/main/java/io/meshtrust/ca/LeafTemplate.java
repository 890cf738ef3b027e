package io.meshtrust.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Everything of a leaf that does not depend on the CA that signs it (smallstep's
 * {@code CreateCertificateRequest.Template}): serial, subject, validity and extensions, in the order they are written.
 * The signer adds the issuer's name, the authority key identifier when the issuer has a subject key identifier, and
 * the subject's public key.
 */
public record LeafTemplate(
        BigInteger serial, X500Name subject, Instant notBefore, Instant notAfter, List<Extension> extensions) {

    public LeafTemplate {
        extensions = List.copyOf(extensions);
    }
}
