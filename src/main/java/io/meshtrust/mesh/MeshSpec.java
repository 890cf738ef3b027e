package io.meshtrust.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.resources.ResourceSpec;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ResourceType;
import io.meshtrust.values.KumaDuration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decoding of the Mesh spec. The {@code mtls} section is type-checked and stored; its rules (backends, CA
 * validation) belong to the CA feature.
 */
@Singleton
public class MeshSpec implements ResourceSpec {

    @Override
    public ResourceType type() {
        return ResourceType.MESH;
    }

    @Override
    public ObjectNode decode(ObjectNode raw) {
        return SpecMapper.toJson(SpecMapper.bind(raw, Mesh.class));
    }

    /** Kuma's {@code MeshResource.Validate()} for the parts meshtrust owns (docs/kuma-ca-insights.md §1.4, table A). */
    @Override
    public List<Violation> validate(String mesh, String name, ObjectNode spec) {
        Mesh m = SpecMapper.bind(spec, Mesh.class);
        List<Violation> v = new ArrayList<>();
        Mesh.Mtls mtls = m.mtls();
        if (mtls != null) {
            if (mtls.backends().size() > MAX_BACKENDS) {
                v.add(new Violation("mtls.backends", "cannot have more than " + MAX_BACKENDS + " backends"));
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < mtls.backends().size(); i++) {
                Mesh.Backend b = mtls.backends().get(i);
                if (!names.add(b.name())) {
                    v.add(new Violation(
                            "mtls.backends[" + i + "].name",
                            "\"" + b.name() + "\" name is already used for another backend"));
                }
                if (b.dpCert() != null
                        && (b.dpCert().rotation() == null
                                || KumaDuration.parse(b.dpCert().rotation().expiration())
                                        .isEmpty())) {
                    // Kuma's path really has a lower-case c and no index.
                    v.add(new Violation("mtls.dpcert.rotation.expiration", "has to be a valid format"));
                }
            }
            if (mtls.enabledBackend() != null && !names.contains(mtls.enabledBackend())) {
                v.add(new Violation("mtls.enabledBackend", "has to be set to one of the backends in the mesh"));
            }
        }
        boolean zoneEgress =
                m.routing() != null && m.routing().path("zoneEgress").asBoolean(false);
        if (zoneEgress && (mtls == null || mtls.enabledBackend() == null)) {
            v.add(new Violation("mtls", "has to be set when zoneEgress enabled"));
        }
        return v;
    }

    /**
     * Kuma allows one backend per mesh since 1.3.0; Kong Mesh, and meshtrust, several, so that a CA can be rotated
     * without downtime (issue 15; README, "CA rotation"). Bounded because every listed root is in every bundle.
     */
    static final int MAX_BACKENDS = 8;
}
