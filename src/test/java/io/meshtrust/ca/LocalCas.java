package io.meshtrust.ca;

import io.smallrye.mutiny.Uni;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * CAs for tests outside a running application: a {@link CaMaterial} whose {@link LocalKeySigner} signs on the
 * subscribing thread (there is no crypto worker), built from a chain and its key as the backends load them.
 */
public final class LocalCas {

    private LocalCas() {}

    public static CaMaterial material(
            String backend, String type, List<X509Certificate> chain, PrivateKey key, String bundlePem) {
        var signer = new LocalKeySigner(chain, key);
        return new CaMaterial(
                backend,
                type,
                chain,
                bundlePem,
                List.of(backend),
                CaMaterialCache.DEFAULT_LEAF_VALIDITY,
                "",
                (template, subject) -> Uni.createFrom().item(() -> signer.sign(template, subject)));
    }

    /** For {@code LocalCas.material(..).issue(..)}: long enough for an RSA signature on a slow machine. */
    public static final Duration SIGNING = Duration.ofSeconds(30);
}
