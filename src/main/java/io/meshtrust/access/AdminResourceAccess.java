package io.meshtrust.access;

import io.meshtrust.authn.User;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;

/**
 * Kuma's static access list for admin-only resource types (Secret, GlobalSecret): allowed iff the user's name is
 * listed in {@code KUMA_ACCESS_STATIC_ADMIN_RESOURCES_USERS} or one of its groups in {@code ..._GROUPS}.
 */
@Singleton
public class AdminResourceAccess {

    private final StaticAccess access;

    public AdminResourceAccess(KumaConfig config) {
        this.access = StaticAccess.of(config.access().staticAccess().adminResources());
    }

    /** Whether the user is on the admin list (may act on any resource, e.g. mint for any dataplane). */
    public boolean isAdmin(User user) {
        return access.allows(user);
    }

    /**
     * @throws AccessDeniedException when {@code type} is admin-only and the user is not allowed
     */
    public void check(User user, ResourceType type) {
        if (!type.adminOnly()) {
            return;
        }
        if (!access.allows(user)) {
            throw new AccessDeniedException(
                    "user \"" + user + "\" cannot access the resource of type \"" + type.kumaName() + "\"");
        }
    }
}
