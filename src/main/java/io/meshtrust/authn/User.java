package io.meshtrust.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is making a request (Kuma's {@code user.User}): a name and groups. There is no user store: a user exists
 * only as the claims of a credential, or as one of the constants below.
 */
public record User(String name, List<String> groups) {

    public static final String AUTHENTICATED_GROUP = "mesh-system:authenticated";
    public static final String UNAUTHENTICATED_GROUP = "mesh-system:unauthenticated";
    public static final String ADMIN_NAME = "mesh-system:admin";
    public static final String ADMIN_GROUP = "mesh-system:admin";

    public static final User ANONYMOUS = new User("mesh-system:anonymous", List.of(UNAUTHENTICATED_GROUP));
    public static final User ADMIN = new User(ADMIN_NAME, List.of(ADMIN_GROUP));

    public User {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** Kuma's {@code Authenticated()}: appends {@code mesh-system:authenticated} (no de-duplication, as Kuma). */
    public User authenticated() {
        var g = new ArrayList<>(groups);
        g.add(AUTHENTICATED_GROUP);
        return new User(name, g);
    }

    public boolean isAnonymous() {
        return name.equals(ANONYMOUS.name);
    }

    /** Kuma's string form used in access-denied messages: {@code name/group1,group2}. */
    @Override
    public String toString() {
        return name + "/" + String.join(",", groups);
    }
}
