package io.meshtrust.certificates;

import io.meshtrust.api.ApiException;
import io.meshtrust.ca.CaMaterial;
import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.dataplanes.Dataplane;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Issuance;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.security.PublicKey;
import org.bouncycastle.cert.X509CertificateHolder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Mints data-plane certificates (product.md §2; kuma-ca-insights §4-6): the identity from the Dataplane's tags, the
 * leaf from the mesh's enabled CA, signed — and the key generated, in server-key mode — on the crypto worker, never on
 * an event loop; then the issuance is recorded in the DataplaneInsight statistics.
 */
@ApplicationScoped
public class DataplaneCertificates {

    private static final Logger LOG = Logger.getLogger(DataplaneCertificates.class);

    private final ResourceStore store;
    private final InsightStore insights;
    private final CaMaterialCache cas;
    private final CryptoWorker crypto;
    private final CertificateMetrics metrics;
    private final InstantSource clock;
    private final CertGenerationLimiter limiter;

    public DataplaneCertificates(ResourceStore store, InsightStore insights, CaMaterialCache cas, CryptoWorker crypto,
            CertificateMetrics metrics, InstantSource clock, CertGenerationLimiter limiter) {
        this.limiter = limiter;
        this.store = store;
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
     * Issues a certificate for the dataplane {@code key}, already loaded as {@code dataplane}.
     *
     * @throws ApiException.Invalid       (failed Uni) for a bad CSR ({@code csr}) or a dataplane without identity
     * @throws ApiException.BadRequest    when the mesh has mTLS disabled
     * @throws ApiException.CaUnavailable when the enabled CA cannot be loaded
     * @throws ApiException.CaBackingOff  when an earlier CA failure of this dataplane, or of many dataplanes of the
     *                                    mesh's backend, says to wait (kuma-ca-insights §5.3); the CA is not called
     */
    public Uni<Issued> issue(Resource dataplane, KeySource source) {
        ResourceKey key = dataplane.key();
        String mesh = key.mesh();
        IdentityTags tags;
        try {
            tags = IdentityTags.of(key.name(), SpecMapper.bind(dataplane.spec(), Dataplane.class), dataplane.labels());
        } catch (IdentityTags.NoIdentityException e) {
            return Uni.createFrom().failure(ApiException.Invalid.of("networking", e.getMessage()));
        }
        long started = System.nanoTime();
        var proxy = new CertGenerationLimiter.Proxy(mesh, key.name());
        return cas.enabledBackend(mesh)
                .onFailure(CaMaterialCache.MtlsDisabledException.class)
                .transform(e -> new ApiException.BadRequest(e.getMessage()))
                .chain(name -> {
                    var backend = new CertGenerationLimiter.Backend(mesh, name);
                    var verdict = limiter.allow(backend, proxy);
                    if (!verdict.allowed()) {
                        // Kuma: no stale certificate, no CA call, and not a cert_generation_failure.
                        return Uni.createFrom()
                                .failure(new ApiException.CaBackingOff(mesh, name, verdict.retryAfter()));
                    }
                    return mint(backend, proxy, tags, source)
                            .chain(minted -> record(key, minted.ca(), tags, minted.signed(), started));
                })
                .onFailure(DataplaneCertificates::isCaFailure)
                .invoke(e -> {
                    metrics.failed(mesh);
                    LOG.debugf("certificate for %s not issued: %s", key, e.getMessage());
                });
    }

    private record Minted(CaMaterial ca, Signed signed) {}

    /**
     * Loads the CA and signs: the call to the CA that {@link CertGenerationLimiter} guards, so its outcome is fed
     * back. A request that was wrong (a bad CSR) says nothing about the CA and only gives back a half-open probe.
     */
    private Uni<Minted> mint(CertGenerationLimiter.Backend backend, CertGenerationLimiter.Proxy proxy,
            IdentityTags tags, KeySource source) {
        String mesh = backend.mesh();
        return cas.get(mesh)
                .onFailure(CaMaterialCache.MtlsDisabledException.class)
                .transform(e -> new ApiException.BadRequest(e.getMessage()))
                .onFailure(CaMaterialCache.CaUnavailableException.class)
                .transform(e -> new ApiException.CaUnavailable(e.getMessage()))
                .chain(ca -> (source instanceof KeySource.ServerKey
                                ? crypto.generateKeys(() -> sign(ca, mesh, tags, source))
                                : crypto.submit(() -> sign(ca, mesh, tags, source)))
                        .map(signed -> new Minted(ca, signed)))
                .onItemOrFailure().invoke((minted, failure) -> {
                    if (failure == null) {
                        limiter.record(backend, proxy, true);
                    } else if (isCaFailure(failure)) {
                        limiter.record(backend, proxy, false);
                    } else {
                        limiter.release(backend);
                    }
                })
                .onCancellation().invoke(() -> limiter.release(backend));
    }

    /** A failure of the CA (unloadable, or signing/store trouble), not of the request: counted and backed off. */
    private static boolean isCaFailure(Throwable failure) {
        return failure instanceof ApiException.CaUnavailable || !(failure instanceof ApiException);
    }

    /** What the certificate endpoint's GET shows. */
    public record Status(Optional<DataplaneInsight> insight, IdentityTags tags, Optional<CaMaterial> ca,
            String caProblem, Instant now) {}

    /** The current certificate's record and what it is compared with to tell whether it is due. */
    public Uni<Status> status(Resource dataplane) {
        ResourceKey key = dataplane.key();
        IdentityTags tags;
        try {
            tags = IdentityTags.of(key.name(), SpecMapper.bind(dataplane.spec(), Dataplane.class), dataplane.labels());
        } catch (IdentityTags.NoIdentityException e) {
            tags = new IdentityTags(new java.util.TreeMap<>());
        }
        IdentityTags identity = tags;
        Uni<Optional<CaMaterial>> ca = cas.get(key.mesh()).map(Optional::of)
                .onFailure(e -> e instanceof CaMaterialCache.MtlsDisabledException
                        || e instanceof CaMaterialCache.CaUnavailableException)
                .recoverWithItem(Optional.empty());
        return insights.get(key).chain(insight -> ca.map(material -> new Status(insight, identity, material,
                material.isEmpty() ? "mTLS is disabled or the CA cannot be loaded" : null, clock.instant())));
    }

    private record Signed(X509CertificateHolder certificate, String pem, String privateKeyPem, List<String> uris) {}

    private Signed sign(CaMaterial ca, String mesh, IdentityTags tags, KeySource source) {
        PublicKey subject;
        String privateKeyPem = null;
        if (source instanceof KeySource.Csr csr) {
            try {
                subject = CertificateRequests.parse(csr.pem());
            } catch (InvalidCertificateRequestException e) {
                throw ApiException.Invalid.of(e.field(), e.getMessage());
            }
        } else {
            KeyPair pair = DataplaneKeys.generate(((KeySource.ServerKey) source).type());
            subject = pair.getPublic();
            privateKeyPem = DataplaneKeys.privateKeyPem(pair);
        }
        List<String> uris;
        try {
            uris = LeafCertificates.uris(mesh, tags.tags());
        } catch (IllegalArgumentException e) {
            throw ApiException.Invalid.of("networking", e.getMessage());
        }
        var certificate = LeafCertificates.issueHolder(ca, mesh, tags.tags(), subject, clock.instant(), ca.leafValidity());
        String pem;
        try {
            pem = PemCodec.encodeCertificate(certificate.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not encode the dataplane certificate", e);
        }
        return new Signed(certificate, pem, privateKeyPem, uris);
    }

    private Uni<Issued> record(ResourceKey key, CaMaterial ca, IdentityTags tags, Signed signed, long started) {
        // Kuma takes the generation time right after signing; the 4/5 point is measured from it (§5.2).
        Instant generation = clock.instant();
        Instant notAfter = signed.certificate().getNotAfter().toInstant();
        Instant notBefore = signed.certificate().getNotBefore().toInstant();
        String serial = signed.certificate().getSerialNumber().toString();
        Instant renewAfter = renewAfter(generation, notAfter);
        var current = new DataplaneInsight.CurrentCertificate(serial, notBefore, notAfter, renewAfter, tags.toString(),
                ca.mtlsFingerprint());
        var issuance = new Issuance(generation, ca.backend(), List.of(ca.backend()), current);
        return insights.recordIssuance(key, issuance).map(insight -> {
            metrics.generated(key.mesh(), ca.backend(), (System.nanoTime() - started) / 1_000_000.0);
            long count = insight.mtls() == null ? 1 : insight.mtls().certificateRegenerations();
            return new Issued(serial, notBefore, notAfter, signed.pem(),
                    ca.bundlePem(), signed.privateKeyPem(), generation, renewAfter, ca.backend(),
                    new ArrayList<>(signed.uris()), count);
        });
    }

    /** Kuma's rule: renew after generation + (notAfter − generation) / 5 × 4, in nanoseconds, integer division. */
    public static Instant renewAfter(Instant generation, Instant notAfter) {
        long lifetime = Duration.between(generation, notAfter).toNanos();
        return generation.plusNanos(lifetime / 5 * 4);
    }
}
