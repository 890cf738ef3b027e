package io.meshtrust.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a {@link CaBackend} loads for one backend of a mesh: the CA chain (issuer first; the whole chain is the trust
 * bundle, as Kuma's {@code GetRootCert} returns the whole provided blob), that bundle as PEM, and the signer.
 */
public record LoadedCa(List<X509Certificate> chain, String bundlePem, LeafSigner signer) {

    public LoadedCa {
        chain = List.copyOf(chain);
    }
}
