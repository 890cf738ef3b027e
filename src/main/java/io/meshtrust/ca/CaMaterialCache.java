package io.meshtrust.ca;

import io.meshtrust.api.ApiException;
import io.meshtrust.ca.builtin.BuiltinCaManager;
import io.meshtrust.ca.provided.ProvidedCaManager;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.secrets.SecretData;
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
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each mesh's CA material, loaded once and kept in memory for minting. Any change to the Mesh or to a Secret of that
 * mesh (a new CA, an updated provided secret, the mesh deleted) drops the entry on every replica through the change
 * feed; a lost feed connection drops everything. A load that raced with a change is not kept. (Provided CAs read
 * from {@code file} sources are re-read only after such a change; Kuma deprecates file sources.)
 */
@ApplicationScoped
public class CaMaterialCache {

    static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofHours(24);

    private final ResourceStore store;
    private final ProvidedCaManager provided;
    private final Map<String, CaMaterial> cache = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Cancellable subscription;

    public CaMaterialCache(ResourceStore store, ProvidedCaManager provided, ChangeFeed feed) {
        this.store = store;
        this.provided = provided;
        this.subscription = feed.changes().subscribe().with(this::onChange, e -> cache.clear());
    }

    /**
     * The enabled CA of {@code mesh}.
     *
     * @throws ApiException.NotFound     (failed Uni) when the mesh does not exist
     * @throws MtlsDisabledException     when the mesh has no enabled mTLS backend
     */
    public Uni<CaMaterial> get(String mesh) {
        CaMaterial cached = cache.get(mesh);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long version = version(mesh).get();
        return load(mesh).invoke(material -> {
            if (version(mesh).get() == version) {
                cache.put(mesh, material);
            }
        });
    }

    /**
     * The name of {@code mesh}'s enabled backend, without loading its CA: from the cached material, else from the
     * Mesh resource. Lets a caller decide whether to call the CA at all (certificate-generation backoff).
     *
     * @throws ApiException.NotFound     (failed Uni) when the mesh does not exist
     * @throws MtlsDisabledException     when the mesh has no enabled mTLS backend
     */
    public Uni<String> enabledBackend(String mesh) {
        CaMaterial cached = cache.get(mesh);
        if (cached != null) {
            return Uni.createFrom().item(cached.backend());
        }
        return store.get(ResourceKey.global(ResourceType.MESH, mesh))
                .map(found -> enabled(mesh, found.orElseThrow(ApiException.NotFound::new)).name());
    }

    private static Mesh.Backend enabled(String mesh, Resource resource) {
        Mesh.Mtls mtls = SpecMapper.bind(resource.spec(), Mesh.class).mtls();
        if (mtls == null || mtls.enabledBackend() == null) {
            throw new MtlsDisabledException(mesh);
        }
        return mtls.backends().stream()
                .filter(b -> b.name().equals(mtls.enabledBackend())).findFirst()
                .orElseThrow(() -> new MtlsDisabledException(mesh));
    }

    private Uni<CaMaterial> load(String mesh) {
        return store.get(ResourceKey.global(ResourceType.MESH, mesh)).chain(found -> {
            var resource = found.orElseThrow(ApiException.NotFound::new);
            Mesh.Backend backend = enabled(mesh, resource);
            Uni<byte[][]> pems = BuiltinCaManager.TYPE.equals(backend.type())
                    ? secret(BuiltinCaManager.certSecret(mesh, backend.name()))
                            .chain(cert -> secret(BuiltinCaManager.keySecret(mesh, backend.name()))
                                    .map(key -> new byte[][] {cert, key}))
                    : provided.load(mesh, backend.conf());
            // Kuma's wording (GetRootCert / GenerateDataplaneCert)
            return pems.onFailure(e -> !(e instanceof CaUnavailableException)).transform(e -> new CaUnavailableException(
                            "failed to load CA key pair for Mesh \"" + mesh + "\" and backend \"" + backend.name() + "\": "
                                    + e.getMessage()))
                    .map(pair -> material(backend, pair[0], pair[1], leafValidity(backend),
                            MtlsFingerprint.of(resource.spec().get("mtls"))));
        });
    }

    private Uni<byte[]> secret(ResourceKey key) {
        return store.get(key).map(found -> found.map(r -> SecretData.of(r.spec())).orElseThrow(() ->
                new IllegalStateException("resource not found: type=\"Secret\" name=\"" + key.name() + "\" mesh=\""
                        + key.mesh() + "\"")));
    }

    /** {@code dpCert.rotation.expiration}, or Kuma's 24 h when unset (validation guarantees the format). */
    static Duration leafValidity(Mesh.Backend backend) {
        if (backend.dpCert() == null || backend.dpCert().rotation() == null
                || backend.dpCert().rotation().expiration() == null) {
            return DEFAULT_LEAF_VALIDITY;
        }
        return KumaDuration.parse(backend.dpCert().rotation().expiration()).orElse(DEFAULT_LEAF_VALIDITY);
    }

    private static CaMaterial material(Mesh.Backend backend, byte[] cert, byte[] key, Duration validity,
            String fingerprint) {
        try {
            String bundle = new String(cert, StandardCharsets.UTF_8);
            List<X509Certificate> chain = PemCodec.parseCertificates(bundle);
            PrivateKey privateKey = PemCodec.parsePrivateKey(new String(key, StandardCharsets.UTF_8));
            if (!publicPartsMatch(chain.get(0).getPublicKey(), privateKey)) {
                throw new CaUnavailableException("failed to load CA key pair for backend \"" + backend.name()
                        + "\": the CA certificate and its private key do not belong together (replace both secrets)");
            }
            return new CaMaterial(backend.name(), backend.type(), chain, privateKey, bundle, validity, fingerprint);
        } catch (PemException e) {
            throw new CaUnavailableException("failed to load CA key pair for backend \"" + backend.name() + "\": "
                    + e.getMessage());
        }
    }

    /**
     * Whether the key is the certificate's, from public parts only (an RSA key's modulus and public exponent), so no
     * private-key operation runs on the event loop that loads the material. Role validation checks each secret's form
     * on write but not the pair, which may be replaced one secret at a time; a mismatched pair would otherwise sign
     * leaves that never verify. Other key types were checked by signing when their mesh was written
     * ({@code CaCertValidator}) and are not re-checked here.
     */
    static boolean publicPartsMatch(PublicKey certificateKey, PrivateKey privateKey) {
        if (certificateKey instanceof RSAPublicKey pub) {
            if (!(privateKey instanceof RSAKey rsa) || !pub.getModulus().equals(rsa.getModulus())) {
                return false;
            }
            return !(privateKey instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(pub.getPublicExponent());
        }
        return !(privateKey instanceof RSAKey);
    }

    private void onChange(ResourceChange change) {
        if (change.kind() == ResourceChange.Kind.RESYNC) {
            versions.values().forEach(AtomicLong::incrementAndGet);
            cache.clear();
            return;
        }
        String mesh = change.type() == ResourceType.MESH ? change.name()
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

    /** The enabled backend's CA cannot be loaded (secret missing, file unreadable, bad PEM). */
    public static final class CaUnavailableException extends RuntimeException {
        public CaUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    /** The mesh has no enabled mTLS backend: nothing can be minted. */
    public static final class MtlsDisabledException extends RuntimeException {
        public MtlsDisabledException(String mesh) {
            super("mTLS is disabled on mesh \"" + mesh + "\": set mtls.enabledBackend to issue certificates", null,
                    false, false);
        }
    }
}
