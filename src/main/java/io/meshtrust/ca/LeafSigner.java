package io.meshtrust.ca;

import io.smallrye.mutiny.Uni;
import java.security.PublicKey;

/**
 * Issues a leaf under one loaded CA (smallstep's {@code CertificateAuthorityService.CreateCertificate}: a template and
 * the subject's public key in, the signed certificate and its chain out). Private-key work never runs on the
 * subscribing event loop: a local signer hands it to the crypto worker, a remote one waits on I/O.
 */
@FunctionalInterface
public interface LeafSigner {

    /**
     * @throws IllegalStateException (failed Uni) when the CA cannot sign: a failure of the CA, not of the request
     */
    Uni<IssuedLeaf> issue(LeafTemplate template, PublicKey subject);
}
