package io.meshtrust.certificates;

import io.meshtrust.api.RetryLater;
import io.meshtrust.ca.CaException;
import io.meshtrust.ca.CaMaterial;
import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.ca.IssuedLeaf;
import io.meshtrust.ca.MeshNotFoundException;
import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.dataplanes.Dataplane;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Issuance;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.values.GoDuration;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;

/**
 * Mints data-plane certificates (README, "Data-plane certificates"; Kuma's {@code pkg/core/ca/manager.go},
 * {@code GenerateDataplaneCert}): the identity from the Dataplane's tags, the leaf from {@link LeafCertificates}'
 * template, signed by the mesh's enabled CA ({@link CaMaterial#issue}). The CSR is verified, the key generated in
 * server-key mode, and the leaf signed on the crypto worker, never on an event loop; then the issuance is recorded in
 * the DataplaneInsight statistics. Throws domain exceptions only; {@link DataplaneCertificateResource} turns them into
 * Kuma's error bodies.
 */
@ApplicationScoped
public class DataplaneCertificates {

    private static final Logger LOG = Logger.getLogger(DataplaneCertificates.class);

    private final InsightStore insights;
    private final CaMaterialCache cas;
    private final CryptoWorker crypto;
    private final CertificateMetrics metrics;
    private final InstantSource clock;
    private final CertGenerationLimiter limiter;

    public DataplaneCertificates(
            InsightStore insights,
            CaMaterialCache cas,
            CryptoWorker crypto,
            CertificateMetrics metrics,
            InstantSource clock,
            CertGenerationLimiter limiter) {
        this.limiter = limiter;
        this.insights = insights;
        this.cas = cas;
        this.crypto = crypto;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Where the leaf's key comes from. */
    public sealed interface KeySource {
        /** CSR mode: the data plane keeps its key; the CSR gives only the public key. */
        record Csr(String pem) implements KeySource {}

        /** Server-key mode: generated here, returned once, never stored. */
        record ServerKey(DataplaneKeys.ServerKeyType type) implements KeySource {}
    }

    /**
     * An issued certificate.
     *
     * @param privateKeyPem the generated key in server-key mode, else null
     */
    public record Issued(
            String serialNumber,
            Instant notBefore,
            Instant notAfter,
            String certificatePem,
            String caBundlePem,
            String privateKeyPem,
            Instant generation,
            Instant renewAfter,
            String backend,
            List<String> uris,
            long regenerations) {}

    /**
     * Issues a certificate for {@code dataplane}, whose spec the caller has bound once as {@code spec}. The whole
     * request is checked first (identity, SAN URIs, the CSR parsed and its signature verified); only then is the
     * mesh's CA resolved, once, and the limiter asked.
     *
     * @throws InvalidCertificateRequestException (failed Uni) for a bad CSR ({@code csr}) or a dataplane whose tags give
     *                                    no identity or no valid URI ({@code networking})
     * @throws CaMaterialCache.MtlsDisabledException  when the mesh has mTLS disabled
     * @throws CaMaterialCache.CaUnavailableException when the enabled CA cannot be loaded
     * @throws BackingOffException        when an earlier CA failure of this dataplane, or of many dataplanes of the
     *                                    mesh's backend, says to wait ({@link CertGenerationLimiter}); the CA is not
     *                                    called
     */
    public Uni<Issued> issue(Resource dataplane, Dataplane spec, KeySource source) {
        ResourceKey key = dataplane.key();
        String mesh = key.mesh();
        IdentityTags tags;
        List<String> uris;
        try {
            tags = identity(dataplane, spec);
            uris = LeafCertificates.uris(mesh, tags.tags());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(InvalidCertificateRequestException.networking(e.getMessage()));
        } catch (InvalidCertificateRequestException e) {
            return Uni.createFrom().failure(e);
        }
        long started = System.nanoTime();
        var proxy = new CertGenerationLimiter.Proxy(mesh, key.name());
        // CSR mode: parsed and its signature verified (public-key work) on the crypto pool, before the CA is resolved.
        Uni<PublicKey> csrKey = source instanceof KeySource.Csr csr
                ? crypto.submit(() -> CertificateRequests.parse(csr.pem()))
                : Uni.createFrom().nullItem();
        return csrKey.chain(subject -> cas.resolve(mesh).chain(enabled -> {
                    var backend = new CertGenerationLimiter.Backend(mesh, enabled.backend());
                    var verdict = limiter.allow(backend, proxy);
                    if (!verdict.allowed()) {
                        // Kuma: no stale certificate, no CA call, and not a cert_generation_failure.
                        return Uni.createFrom()
                                .failure(new BackingOffException(mesh, enabled.backend(), verdict.retryAfter()));
                    }
                    return mint(enabled, backend, proxy, uris, source, subject)
                            .chain(minted -> record(key, minted, tags, started));
                }))
                .onFailure(DataplaneCertificates::isCaFailure)
                .invoke(e -> {
                    metrics.failed(mesh);
                    LOG.debugf("certificate for %s not issued: %s", key, e.getMessage());
                });
    }

    /** The tags of the dataplane's identity, or the request failure that it has none. */
    private static IdentityTags identity(Resource dataplane, Dataplane spec) {
        try {
            return IdentityTags.of(dataplane.key().name(), spec, dataplane.labels());
        } catch (IdentityTags.NoIdentityException e) {
            throw InvalidCertificateRequestException.networking(e.getMessage());
        }
    }

    /** A signed leaf, with what it was signed under and, in server-key mode, the generated key. */
    private record Minted(CaMaterial ca, IssuedLeaf leaf, String privateKeyPem, List<String> uris) {}

    /**
     * Loads the CA and signs: the call to the CA that {@link CertGenerationLimiter} guards, so its outcome is fed
     * back. In server-key mode the key is generated here, on the key-generation pool, only once the limiter allowed
     * the call.
     */
    private Uni<Minted> mint(
            CaMaterialCache.EnabledCa enabled,
            CertGenerationLimiter.Backend backend,
            CertGenerationLimiter.Proxy proxy,
            List<String> uris,
            KeySource source,
            PublicKey csrKey) {
        return cas.material(enabled)
                .chain(ca -> subjectKey(source, csrKey)
                        .chain(subject -> ca.issue(
                                        LeafCertificates.template(uris, clock.instant(), ca.leafValidity()),
                                        subject.publicKey())
                                .map(leaf -> new Minted(ca, leaf, subject.privateKeyPem(), uris))))
                .onItemOrFailure()
                .invoke((minted, failure) -> {
                    if (failure == null) {
                        limiter.record(backend, proxy, true);
                    } else if (isCaFailure(failure)) {
                        limiter.record(backend, proxy, false);
                    } else {
                        limiter.release(backend);
                    }
                })
                .onCancellation()
                .invoke(() -> limiter.release(backend));
    }

    /** The key to certify: the CSR's, or one generated now with its PEM to return once. */
    private record SubjectKey(PublicKey publicKey, String privateKeyPem) {}

    private Uni<SubjectKey> subjectKey(KeySource source, PublicKey csrKey) {
        if (source instanceof KeySource.ServerKey server) {
            return crypto.generateKeys(() -> {
                KeyPair pair = DataplaneKeys.generate(server.type());
                return new SubjectKey(pair.getPublic(), DataplaneKeys.privateKeyPem(pair));
            });
        }
        return Uni.createFrom().item(new SubjectKey(csrKey, null));
    }

    /**
     * A failure of the CA (unloadable, or signing/store trouble), not of the request: counted and backed off. The
     * request's own failures are the closed list below; anything else is the CA's or the store's.
     */
    static boolean isCaFailure(Throwable failure) {
        return !(failure instanceof InvalidCertificateRequestException
                || failure instanceof CaMaterialCache.MtlsDisabledException
                || failure instanceof BackingOffException
                || failure instanceof MeshNotFoundException);
    }

    /**
     * Certificate generation for this backend is backing off after CA failures ({@link CertGenerationLimiter}, Kuma's
     * {@code pkg/core/xds/issuer/limiter.go}); the CA was not called. The message is Kuma's words with the wait as Go
     * formats it; {@code http/ErrorMapper} gives it one row (503), and {@code Retry-After} carries the wait in whole
     * seconds ({@link RetryLater}).
     */
    public static final class BackingOffException extends RuntimeException implements RetryLater {
        private static final long serialVersionUID = 1L;

        private final String mesh;
        private final String backend;
        private final Duration retryAfter;

        BackingOffException(String mesh, String backend, Duration retryAfter) {
            super(
                    "backing off certificate generation for mesh \"" + mesh + "\" backend \"" + backend
                            + "\" after a previous failure (retry after " + GoDuration.format(retryAfter) + ")",
                    null,
                    false,
                    false);
            this.mesh = mesh;
            this.backend = backend;
            this.retryAfter = retryAfter;
        }

        public String mesh() {
            return mesh;
        }

        public String backend() {
            return backend;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** The wait rounded up to whole seconds, at least 1 (HTTP's {@code Retry-After}). */
        @Override
        public long retryAfterSeconds() {
            long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    /** What the certificate endpoint's GET shows. */
    public record Status(
            Optional<DataplaneInsight> insight,
            IdentityTags tags,
            Optional<CaMaterial> ca,
            String caProblem,
            Instant now) {}

    /** The current certificate's record and what it is compared with to tell whether it is due. */
    public Uni<Status> status(Resource dataplane, Dataplane spec) {
        ResourceKey key = dataplane.key();
        IdentityTags tags;
        try {
            tags = IdentityTags.of(key.name(), spec, dataplane.labels());
        } catch (IdentityTags.NoIdentityException e) {
            tags = new IdentityTags(new TreeMap<>());
        }
        IdentityTags identity = tags;
        Uni<Optional<CaMaterial>> ca = cas.get(key.mesh())
                .map(Optional::of)
                .onFailure(CaException.class)
                .recoverWithItem(Optional.empty());
        return insights.get(key)
                .chain(insight -> ca.map(material -> new Status(
                        insight,
                        identity,
                        material,
                        material.isEmpty() ? "mTLS is disabled or the CA cannot be loaded" : null,
                        clock.instant())));
    }

    private Uni<Issued> record(ResourceKey key, Minted minted, IdentityTags tags, long started) {
        CaMaterial ca = minted.ca();
        X509CertificateHolder certificate = minted.leaf().certificate();
        String pem;
        try {
            pem = PemCodec.encodeCertificate(certificate.getEncoded());
        } catch (IOException e) {
            return Uni.createFrom().failure(new IllegalStateException("could not encode the dataplane certificate", e));
        }
        // Kuma takes the generation time right after signing; the 4/5 point is measured from it.
        Instant generation = clock.instant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        String serial = certificate.getSerialNumber().toString();
        Instant renewAfter = renewAfter(generation, notAfter);
        var current = new DataplaneInsight.CurrentCertificate(
                serial, notBefore, notAfter, renewAfter, tags.toString(), ca.mtlsFingerprint());
        var issuance = new Issuance(generation, ca.backend(), ca.supportedBackends(), current);
        return insights.recordIssuance(key, issuance).map(count -> {
            metrics.generated(key.mesh(), ca.backend(), (System.nanoTime() - started) / 1_000_000.0);
            return new Issued(
                    serial,
                    notBefore,
                    notAfter,
                    pem,
                    ca.bundlePem(),
                    minted.privateKeyPem(),
                    generation,
                    renewAfter,
                    ca.backend(),
                    new ArrayList<>(minted.uris()),
                    count);
        });
    }

    /** Kuma's rule: renew after generation + (notAfter − generation) / 5 × 4, in nanoseconds, integer division. */
    public static Instant renewAfter(Instant generation, Instant notAfter) {
        long lifetime = Duration.between(generation, notAfter).toNanos();
        return generation.plusNanos(lifetime / 5 * 4);
    }
}
