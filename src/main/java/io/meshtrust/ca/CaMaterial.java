package io.meshtrust.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A mesh's signing CA for minting: the enabled backend, its chain (issuer first; the whole chain is the trust
 * bundle, kuma-ca-insights §3.2), its key, the bundle as PEM, the leaf validity the backend asks for
 * ({@code dpCert.rotation.expiration}, default 24 h) and a fingerprint of the mesh's {@code mtls} section it was
 * loaded from (a certificate issued under another fingerprint is due for renewal).
 */
public record CaMaterial(
        String backend,
        String type,
        List<X509Certificate> chain,
        PrivateKey key,
        String bundlePem,
        Duration leafValidity,
        String mtlsFingerprint) {

    public CaMaterial {
        chain = List.copyOf(chain);
    }

    public CaMaterial(String backend, String type, List<X509Certificate> chain, PrivateKey key, String bundlePem) {
        this(backend, type, chain, key, bundlePem, Duration.ofHours(24), "");
    }

    public X509Certificate issuer() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "CaMaterial[" + backend + ", " + type + ", " + issuer().getSubjectX500Principal() + "]"; // never the key
    }
}
