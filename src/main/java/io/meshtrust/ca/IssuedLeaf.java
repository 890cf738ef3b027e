package io.meshtrust.ca;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A signed leaf and the CA chain above it (issuer first). The leaf stays Bouncy Castle's holder: the minting path needs
 * its DER, serial and validity, and a JDK re-parse costs almost as much as the signature.
 */
public record IssuedLeaf(X509CertificateHolder certificate, List<X509Certificate> chain) {

    public IssuedLeaf {
        chain = List.copyOf(chain);
    }
}
