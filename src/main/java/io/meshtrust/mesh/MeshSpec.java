package io.meshtrust.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.ResourceSpec;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;

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
}
