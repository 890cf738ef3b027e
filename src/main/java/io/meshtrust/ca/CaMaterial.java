package io.meshtrust.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A mesh's signing CA for minting: the enabled backend, its chain (issuer first; the whole chain is the trust
 * bundle, kuma-ca-insights §3.2), its key, and the bundle as PEM.
 */
public record CaMaterial(String backend, String type, List<X509Certificate> chain, PrivateKey key, String bundlePem) {

    public CaMaterial {
        chain = List.copyOf(chain);
    }

    public X509Certificate issuer() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "CaMaterial[" + backend + ", " + type + ", " + issuer().getSubjectX500Principal() + "]"; // never the key
    }
}
