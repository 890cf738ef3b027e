package io.meshtrust.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One certificate issued to a data plane, as {@link InsightStore#recordIssuance} records it.
 *
 * @param generation        server time right after signing (Kuma's {@code Info.Generation})
 * @param backend           the enabled backend that issued it
 * @param supportedBackends the backends whose roots the certificate's bundle holds (every listed backend, the
 *                          issuer first; Kong Mesh's multi-backend statistics, Kuma's {@code [enabledBackend]} when
 *                          one is listed)
 * @param certificate       the certificate's metadata
 */
public record Issuance(
        Instant generation,
        String backend,
        List<String> supportedBackends,
        DataplaneInsight.CurrentCertificate certificate) {

    public Issuance {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(certificate, "certificate");
        generation = DataplaneInsight.micros(generation);
        supportedBackends = List.copyOf(supportedBackends);
    }
}
