package io.meshtrust.ca;

import io.meshtrust.api.Violation;
import io.meshtrust.mesh.Mesh;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The port of one CA backend type ({@code mtls.backends[].type}), after Kuma's {@code Manager} in
 * {@code pkg/core/ca/manager.go} ({@code ValidateBackend}, {@code EnsureBackends}, {@code UsedSecrets},
 * {@code GetRootCert}, {@code GenerateDataplaneCert}) and smallstep's {@code cas/apiv1}
 * ({@code CertificateAuthorityService.CreateCertificate(req)}). Implementations are CDI beans discovered by
 * {@link #type()} ({@link CaBackendRegistry}, as Kuma looks managers up in its {@code core_ca.Managers} map); the mesh
 * rules ({@link CaBackends}), the Secret deletion guard ({@link SecretInUseGuard}) and the CA cache
 * ({@link CaMaterialCache}) only ever see this interface, never a type name or a private key.
 *
 * <p>Adding a backend type is one new package {@code io.meshtrust.ca.<type>} holding an {@code @ApplicationScoped}
 * class that implements this interface. A backend that keeps its key elsewhere (Vault, a cloud PCA) returns a
 * {@link LoadedCa} whose {@link LeafSigner} calls out; one whose key is in meshtrust's store uses
 * {@link LocalKeySigner#load}, as {@code builtin} and {@code provided} do.
 */
public interface CaBackend {

    /** The {@code type} this backend serves, e.g. {@code builtin}. */
    String type();

    /**
     * Kuma's {@code ValidateBackend}: violations of {@code backend}'s configuration, with field paths relative to its
     * {@code conf} (an empty path is the {@code conf} itself). Not called when the mesh sets {@code skipValidation}.
     */
    Uni<List<Violation>> validate(String mesh, Mesh.Backend backend);

    /**
     * Kuma's {@code EnsureBackends}: creates the backend's material unless it exists, exactly once however many
     * replicas race. Called for every listed backend, enabled or not, after a mesh is created and before an update is
     * stored. Nothing to do for a backend whose material the user provides.
     */
    default Uni<Void> ensure(String mesh, Mesh.Backend backend) {
        return Uni.createFrom().voidItem();
    }

    /** Kuma's {@code UsedSecrets}: the names of the Secrets of {@code mesh} this backend reads. */
    List<String> usedSecrets(String mesh, Mesh.Backend backend);

    /**
     * The backend's CA, ready to issue leaves: its trust roots (Kuma's {@code GetRootCert}) and its signer (Kuma's
     * {@code GenerateDataplaneCert}). {@link CaMaterialCache} keeps the result until the mesh or one of its Secrets
     * changes, so this may do I/O, but no private-key operation on the calling event loop.
     *
     * @throws CaMaterialCache.CaUnavailableException (failed Uni) with the whole message to show; any other failure is
     *     shown after Kuma's {@code failed to load CA key pair for Mesh ... and backend ...:} prefix
     */
    Uni<LoadedCa> load(String mesh, Mesh.Backend backend);
}
