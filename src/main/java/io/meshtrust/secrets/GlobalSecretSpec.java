package io.meshtrust.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.ResourceSpec;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;

/** GlobalSecret: bytes beside meshes (signing keys, the admin token, revocation lists). */
@Singleton
public class GlobalSecretSpec implements ResourceSpec {

    @Override
    public ResourceType type() {
        return ResourceType.GLOBAL_SECRET;
    }

    @Override
    public ObjectNode decode(ObjectNode raw) {
        return SecretData.decode(raw);
    }
}
