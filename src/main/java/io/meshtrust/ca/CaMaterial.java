package io.meshtrust.ca;

import io.smallrye.mutiny.Uni;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A mesh's signing CA for minting: the enabled backend and its type, its chain (issuer first), the trust bundle as PEM
 * and the backends whose roots it holds (every listed backend, enabled first: trust before use, issue 15 point 1; each
 * backend's part is its whole chain, as Kuma's {@code GetRootCert} in {@code pkg/core/ca/manager.go} returns it), the
 * leaf validity the backend asks for ({@code dpCert.rotation.expiration}, default 24 h), a fingerprint of the mesh's
 * {@code mtls} section it was loaded from (a certificate issued under another fingerprint is due for renewal), and the
 * signer that issues under it. No private key: that stays inside the backend's signer.
 */
public record CaMaterial(
        String backend,
        String type,
        List<X509Certificate> chain,
        String bundlePem,
        List<String> supportedBackends,
        Duration leafValidity,
        String mtlsFingerprint,
        LeafSigner signer) {

    public CaMaterial {
        chain = List.copyOf(chain);
        supportedBackends = List.copyOf(supportedBackends);
    }

    public X509Certificate issuer() {
        return chain.get(0);
    }

    /** Issues a leaf from {@code template} for {@code subject} under this CA (see {@link LeafSigner#issue}). */
    public Uni<IssuedLeaf> issue(LeafTemplate template, PublicKey subject) {
        return signer.issue(template, subject);
    }

    @Override
    public String toString() {
        return "CaMaterial[" + backend + ", " + type + ", " + issuer().getSubjectX500Principal() + "]";
    }
}
