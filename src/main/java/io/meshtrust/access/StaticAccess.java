package io.meshtrust.access;

import io.meshtrust.authn.User;
import io.meshtrust.config.KumaConfig;
import java.util.List;

/** One of Kuma's static access lists: allowed iff the user's name or one of its groups is listed. */
public record StaticAccess(List<String> users, List<String> groups) {

    public static StaticAccess of(KumaConfig.AccessList list) {
        return new StaticAccess(List.copyOf(list.users()), List.copyOf(list.groups()));
    }

    public static StaticAccess of(KumaConfig.MetadataAccessList list) {
        return new StaticAccess(List.copyOf(list.users().orElse(List.of())), List.copyOf(list.groups()));
    }

    public boolean allows(User user) {
        return users.contains(user.name()) || user.groups().stream().anyMatch(groups::contains);
    }
}
