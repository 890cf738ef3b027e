package io.meshtrust.ca;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The installed CA backends by type, discovered through CDI as {@code resources/}' hooks are
 * ({@code ResourceManager} takes {@code Instance<WriteGuard>}); Kuma's {@code core_ca.Managers} map
 * ({@code pkg/core/ca/manager.go}), filled by its plugin registry.
 */
@Singleton
public class CaBackendRegistry {

    private final Map<String, CaBackend> byType = new LinkedHashMap<>();

    public CaBackendRegistry(Instance<CaBackend> backends) {
        for (CaBackend backend : backends) {
            CaBackend before = byType.putIfAbsent(backend.type(), backend);
            if (before != null) {
                throw new IllegalStateException("two CA backends for type " + backend.type() + ": "
                        + before.getClass().getName() + " and "
                        + backend.getClass().getName());
            }
        }
    }

    /** The backend installed for {@code type}; empty for an unknown type or none. */
    public Optional<CaBackend> of(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(byType.get(type));
    }
}
