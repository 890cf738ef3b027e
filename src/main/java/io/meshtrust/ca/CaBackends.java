package io.meshtrust.ca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.MeshLifecycle;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.resources.WriteOptions;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Kuma's mesh manager rules for mTLS backends ({@code pkg/core/managers/apis/mesh/mesh_manager.go}: {@code Create},
 * {@code Update}; {@code mesh_validator.go}: {@code ValidateMTLSBackends}): every backend type must be an installed
 * {@link CaBackend}, backend configurations are validated (unless
 * {@code skipValidation}), and every listed backend, enabled or not, is ensured ({@link CaBackend#ensure}): after a
 * create, before an update is stored.
 */
@Singleton
public class CaBackends implements MeshLifecycle {

    private final CaBackendRegistry backends;

    public CaBackends(CaBackendRegistry backends) {
        this.backends = backends;
    }

    @Override
    public Uni<List<Violation>> validateCreate(String mesh, ObjectNode spec) {
        return backends(mesh, mtls(spec));
    }

    @Override
    public Uni<List<Violation>> validateUpdate(String mesh, ObjectNode before, ObjectNode after, WriteOptions options) {
        // Kuma forbids switching the enabled backend while mTLS is on; meshtrust gates the switch on the data planes'
        // progress instead (rotation.RotationGate, issue 15 point 2).
        return backends(mesh, mtls(after));
    }

    @Override
    public Uni<Void> created(String mesh, ObjectNode spec) {
        return ensure(mesh, mtls(spec));
    }

    @Override
    public Uni<Void> updating(String mesh, ObjectNode spec) {
        return ensure(mesh, mtls(spec));
    }

    private Uni<List<Violation>> backends(String mesh, Mesh.Mtls mtls) {
        List<Violation> v = new ArrayList<>();
        if (mtls == null) {
            return Uni.createFrom().item(v);
        }
        for (int i = 0; i < mtls.backends().size(); i++) {
            Mesh.Backend b = mtls.backends().get(i);
            if (backends.of(b.type()).isEmpty()) {
                // Kuma stops at the first backend without a plugin.
                v.add(new Violation("mtls.backends[" + i + "].type", "could not find installed plugin for this type"));
                return Uni.createFrom().item(v);
            }
        }
        if (Boolean.TRUE.equals(mtls.skipValidation())) {
            return Uni.createFrom().item(v);
        }
        Uni<List<Violation>> all = Uni.createFrom().item(v);
        for (int i = 0; i < mtls.backends().size(); i++) {
            Mesh.Backend b = mtls.backends().get(i);
            String prefix = "mtls.backends[" + i + "].conf";
            CaBackend plugin = backends.of(b.type()).orElseThrow();
            all = all.chain(found -> plugin.validate(mesh, b).map(more -> {
                for (Violation p : more) {
                    found.add(new Violation(p.field().isEmpty() ? prefix : prefix + "." + p.field(), p.message()));
                }
                return found;
            }));
        }
        return all;
    }

    private Uni<Void> ensure(String mesh, Mesh.Mtls mtls) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (mtls == null) {
            return chain;
        }
        for (Mesh.Backend b : mtls.backends()) {
            var plugin = backends.of(b.type());
            if (plugin.isPresent()) {
                chain = chain.chain(() -> plugin.get().ensure(mesh, b));
            }
        }
        return chain;
    }

    private static Mesh.Mtls mtls(ObjectNode spec) {
        return spec == null ? null : SpecMapper.bind(spec, Mesh.class).mtls();
    }
}
