package io.meshtrust.ca;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.resources.UpdateListener;
import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceChange;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.values.KumaDuration;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each mesh's CA material, loaded once and kept in memory for minting. Any change to the Mesh or to a Secret of that
 * mesh (a new CA, an updated provided secret, the mesh deleted) drops the entry on every replica through the change
 * feed; a lost feed connection drops everything. A load that raced with a change is not kept. (Provided CAs read
 * from {@code file} sources are re-read only after such a change; Kuma deprecates file sources.) What a backend type
 * loads is its {@link CaBackend}'s business; this class knows no type.
 */
@ApplicationScoped
public class CaMaterialCache implements UpdateListener {

    static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofHours(24);

    private final ResourceStore store;
    private final CaBackendRegistry backends;
    private final Map<String, CaMaterial> cache = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Cancellable subscription;

    public CaMaterialCache(ResourceStore store, CaBackendRegistry backends, ChangeFeed feed) {
        this.store = store;
        this.backends = backends;
        this.subscription = feed.changes().subscribe().with(this::onChange, e -> cache.clear());
    }

    /**
     * A mesh's enabled backend, resolved from the cached material or from one read of the Mesh, so that a caller can
     * decide whether to call the CA at all (certificate-generation backoff) and then load it with
     * {@link #material(EnabledCa)} without reading the Mesh again.
     */
    public static final class EnabledCa {
        private final String mesh;
        private final CaMaterial cached;
        private final Mesh.Backend backend;
        private final List<Mesh.Backend> others;
        private final String fingerprint;
        private final long version;

        private EnabledCa(
                String mesh,
                CaMaterial cached,
                Mesh.Backend backend,
                List<Mesh.Backend> others,
                String fingerprint,
                long version) {
            this.mesh = mesh;
            this.cached = cached;
            this.backend = backend;
            this.others = others;
            this.fingerprint = fingerprint;
            this.version = version;
        }

        public String mesh() {
            return mesh;
        }

        /** The enabled backend's name. */
        public String backend() {
            return cached != null ? cached.backend() : backend.name();
        }
    }

    /**
     * The enabled CA of {@code mesh}.
     *
     * @throws MeshNotFoundException     (failed Uni) when the mesh does not exist
     * @throws MtlsDisabledException     when the mesh has no enabled mTLS backend
     * @throws CaUnavailableException    when the enabled backend's CA cannot be loaded
     */
    public Uni<CaMaterial> get(String mesh) {
        return resolve(mesh).chain(this::material);
    }

    /**
     * The enabled backend of {@code mesh}, without loading its CA: from the cached material, else from the Mesh.
     *
     * @throws MeshNotFoundException     (failed Uni) when the mesh does not exist
     * @throws MtlsDisabledException     when the mesh has no enabled mTLS backend
     */
    public Uni<EnabledCa> resolve(String mesh) {
        CaMaterial cached = cache.get(mesh);
        if (cached != null) {
            return Uni.createFrom().item(new EnabledCa(mesh, cached, null, List.of(), null, 0));
        }
        long version = version(mesh).get();
        return store.get(ResourceKey.global(ResourceType.MESH, mesh)).map(found -> {
            Resource resource = found.orElseThrow(MeshNotFoundException::new);
            Mesh.Mtls mtls = SpecMapper.bind(resource.spec(), Mesh.class).mtls();
            Mesh.Backend enabled = enabled(mesh, mtls);
            return new EnabledCa(
                    mesh,
                    null,
                    enabled,
                    mtls.backends().stream().filter(b -> b != enabled).toList(),
                    MtlsFingerprint.of(resource.spec().get("mtls")),
                    version);
        });
    }

    /**
     * The CA of a resolved backend: the cached material, or loaded by its backend type and kept unless the mesh
     * changed since {@link #resolve} read it.
     *
     * @throws CaUnavailableException (failed Uni) when it cannot be loaded
     */
    public Uni<CaMaterial> material(EnabledCa ca) {
        if (ca.cached != null) {
            return Uni.createFrom().item(ca.cached);
        }
        return load(ca).invoke(material -> {
            if (version(ca.mesh).get() == ca.version) {
                cache.put(ca.mesh, material);
            }
        });
    }

    private static Mesh.Backend enabled(String mesh, Mesh.Mtls mtls) {
        if (mtls == null || mtls.enabledBackend() == null) {
            throw new MtlsDisabledException(mesh);
        }
        return mtls.backends().stream()
                .filter(b -> b.name().equals(mtls.enabledBackend()))
                .findFirst()
                .orElseThrow(() -> new MtlsDisabledException(mesh));
    }

    /**
     * The enabled backend's CA with the roots of every other listed backend appended to its bundle (trust before use:
     * a data plane holds the next CA's root before anything it issued reaches a peer; issue 15 point 1). Identical
     * certificates are given once. A listed backend that cannot be loaded fails the whole load: a leaf whose bundle
     * silently lacked a root the mesh promises would break the rotation it is part of.
     */
    private Uni<CaMaterial> load(EnabledCa ca) {
        Uni<List<LoadedCa>> all = loadOne(ca.mesh, ca.backend).map(first -> new ArrayList<>(List.of(first)));
        for (Mesh.Backend other : ca.others) {
            all = all.chain(found -> loadOne(ca.mesh, other).map(more -> {
                found.add(more);
                return found;
            }));
        }
        return all.map(loaded -> {
            LoadedCa enabled = loaded.get(0);
            var bundle = new StringBuilder(enabled.bundlePem());
            Set<String> seen = new HashSet<>();
            enabled.chain().forEach(c -> seen.add(der(c)));
            List<String> supported = new ArrayList<>(List.of(ca.backend.name()));
            for (int i = 1; i < loaded.size(); i++) {
                supported.add(ca.others.get(i - 1).name());
                for (X509Certificate root : loaded.get(i).chain()) {
                    if (seen.add(der(root))) {
                        if (bundle.length() > 0 && bundle.charAt(bundle.length() - 1) != '\n') {
                            bundle.append('\n');
                        }
                        bundle.append(PemCodec.encodeCertificate(encoded(root)));
                    }
                }
            }
            return new CaMaterial(
                    ca.backend.name(),
                    ca.backend.type(),
                    enabled.chain(),
                    bundle.toString(),
                    supported,
                    leafValidity(ca.backend),
                    ca.fingerprint,
                    enabled.signer());
        });
    }

    private Uni<LoadedCa> loadOne(String mesh, Mesh.Backend backend) {
        Uni<LoadedCa> loaded = backends.of(backend.type())
                .map(type -> type.load(mesh, backend))
                .orElseGet(() -> Uni.createFrom()
                        .failure(new IllegalStateException(
                                "could not find installed plugin for type \"" + backend.type() + "\"")));
        // Kuma's wording (GetRootCert / GenerateDataplaneCert)
        return loaded.onFailure(e -> !(e instanceof CaUnavailableException))
                .transform(e -> new CaUnavailableException("failed to load CA key pair for Mesh \"" + mesh
                        + "\" and backend \"" + backend.name() + "\": " + e.getMessage()));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CaUnavailableException("a CA certificate cannot be encoded: " + e.getMessage());
        }
    }

    private static String der(X509Certificate certificate) {
        return HexFormat.of().formatHex(encoded(certificate));
    }

    /** {@code dpCert.rotation.expiration}, or Kuma's 24 h when unset (validation guarantees the format). */
    static Duration leafValidity(Mesh.Backend backend) {
        if (backend.dpCert() == null
                || backend.dpCert().rotation() == null
                || backend.dpCert().rotation().expiration() == null) {
            return DEFAULT_LEAF_VALIDITY;
        }
        return KumaDuration.parse(backend.dpCert().rotation().expiration()).orElse(DEFAULT_LEAF_VALIDITY);
    }

    /**
     * This replica's own update of a Mesh or Secret drops the entry before the request answers, so that the next
     * certificate minted here already has the new roots (the change feed brings the same to the other replicas within
     * its propagation delay, docs/product.md §3).
     */
    @Override
    public Uni<Void> updated(Resource before, Resource after) {
        String mesh = after.type() == ResourceType.MESH
                ? after.name()
                : after.type() == ResourceType.SECRET ? after.mesh() : null;
        if (mesh != null) {
            version(mesh).incrementAndGet();
            cache.remove(mesh);
        }
        return Uni.createFrom().voidItem();
    }

    private void onChange(ResourceChange change) {
        if (change.kind() == ResourceChange.Kind.RESYNC) {
            versions.values().forEach(AtomicLong::incrementAndGet);
            cache.clear();
            return;
        }
        String mesh = change.type() == ResourceType.MESH
                ? change.name()
                : change.type() == ResourceType.SECRET ? change.mesh() : null;
        if (mesh != null) {
            version(mesh).incrementAndGet();
            cache.remove(mesh);
        }
    }

    private AtomicLong version(String mesh) {
        return versions.computeIfAbsent(mesh, m -> new AtomicLong());
    }

    @PreDestroy
    void close() {
        subscription.cancel();
    }

    /** The enabled backend's CA cannot be loaded (secret missing, file unreadable, bad PEM, a mismatched pair). */
    public static final class CaUnavailableException extends CaException {
        public CaUnavailableException(String message) {
            super(message);
        }
    }

    /** The mesh has no enabled mTLS backend: nothing can be minted. */
    public static final class MtlsDisabledException extends CaException {
        public MtlsDisabledException(String mesh) {
            super("mTLS is disabled on mesh \"" + mesh + "\": set mtls.enabledBackend to issue certificates");
        }
    }
}
