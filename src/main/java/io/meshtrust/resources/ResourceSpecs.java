package io.meshtrust.resources;

import io.meshtrust.store.ResourceType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/** The {@link ResourceSpec} of every type, collected from the features' beans. */
@Singleton
public class ResourceSpecs {

    private final Map<ResourceType, ResourceSpec> byType = new EnumMap<>(ResourceType.class);

    public ResourceSpecs(Instance<ResourceSpec> specs) {
        for (ResourceSpec spec : specs) {
            if (byType.put(spec.type(), spec) != null) {
                throw new IllegalStateException("two ResourceSpec beans for " + spec.type());
            }
        }
        for (ResourceType type : ResourceType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalStateException("no ResourceSpec bean for " + type);
            }
        }
    }

    public ResourceSpec of(ResourceType type) {
        return byType.get(type);
    }
}
