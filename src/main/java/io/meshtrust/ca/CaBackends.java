package io.meshtrust.ca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.ca.builtin.BuiltinCaManager;
import io.meshtrust.ca.provided.ProvidedCaManager;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.MeshLifecycle;
import io.meshtrust.resources.SpecMapper;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kuma's mesh manager rules for mTLS backends (kuma-ca-insights §1.4 table B, §2.1): every backend type must be an
 * installed CA ({@code builtin}, {@code provided}), the enabled CA cannot be swapped while mTLS is on,
 * backend configurations are validated (unless {@code skipValidation}), and builtin CAs are ensured for every listed
 * backend, enabled or not: after a create, before an update is stored.
 */
@Singleton
public class CaBackends implements MeshLifecycle {

    static final List<String> INSTALLED = List.of(BuiltinCaManager.TYPE, ProvidedCaManager.TYPE);

    private final BuiltinCaManager builtin;
    private final ProvidedCaManager provided;

    public CaBackends(BuiltinCaManager builtin, ProvidedCaManager provided) {
        this.builtin = builtin;
        this.provided = provided;
    }

    @Override
    public Uni<List<Violation>> validateCreate(String mesh, ObjectNode spec) {
        return backends(mesh, mtls(spec));
    }

    @Override
    public Uni<List<Violation>> validateUpdate(String mesh, ObjectNode before, ObjectNode after) {
        List<Violation> v = new ArrayList<>();
        Mesh.Mtls old = mtls(before);
        Mesh.Mtls now = mtls(after);
        if (old != null && now != null && old.enabledBackend() != null && now.enabledBackend() != null
                && !Objects.equals(old.enabledBackend(), now.enabledBackend())) {
            v.add(new Violation("mtls.enabledBackend",
                    "Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA"));
        }
        return backends(mesh, now).map(more -> {
            v.addAll(more);
            return v;
        });
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
            if (b.type() == null || !INSTALLED.contains(b.type())) { // List.of(..).contains(null) throws
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
            Uni<List<Violation>> plugin = BuiltinCaManager.TYPE.equals(b.type())
                    ? Uni.createFrom().item(builtin.validate(mesh, b.name(), b.conf()))
                    : provided.validate(mesh, b.conf());
            all = all.chain(found -> plugin.map(more -> {
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
            if (BuiltinCaManager.TYPE.equals(b.type())) {
                chain = chain.chain(() -> builtin.ensure(mesh, b.name(), b.conf()));
            }
        }
        return chain;
    }

    private static Mesh.Mtls mtls(ObjectNode spec) {
        return spec == null ? null : SpecMapper.bind(spec, Mesh.class).mtls();
    }
}
