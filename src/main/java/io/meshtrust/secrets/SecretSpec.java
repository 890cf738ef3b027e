package io.meshtrust.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.ResourceSpec;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;

/** Secret: bytes in a mesh. */
@Singleton
public class SecretSpec implements ResourceSpec {

    @Override
    public ResourceType type() {
        return ResourceType.SECRET;
    }

    @Override
    public ObjectNode decode(ObjectNode raw) {
        return SecretData.decode(raw);
    }
}
