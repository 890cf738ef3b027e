package io.meshtrust.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.resources.WriteGuard;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Refuses a Secret or GlobalSecret whose name gives it a role ({@link SecretRoles}) but whose data cannot serve it:
 * 400 naming the field, nothing stored. Without this, one bad {@code user-token-signing-key-9} made every user token
 * request fail until it was removed (issue 13, point 5). The checks parse private keys, so they run on the crypto
 * worker.
 */
@Singleton
public class SecretRoleGuard implements WriteGuard {

    private final CryptoWorker crypto;
    private final SecretRoles roles;

    public SecretRoleGuard(CryptoWorker crypto, SecretRoles roles) {
        this.crypto = crypto;
        this.roles = roles;
    }

    @Override
    public Uni<List<Violation>> check(ResourceKey key, ObjectNode spec) {
        if ((key.type() != ResourceType.SECRET && key.type() != ResourceType.GLOBAL_SECRET)
                || roles.ruleFor(key).isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        byte[] data = SecretData.of(spec);
        return crypto.submit(() -> roles.violations(key, data));
    }
}
