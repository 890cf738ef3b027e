package io.meshtrust.authn;

import jakarta.enterprise.context.RequestScoped;

/**
 * The user of the current request, set once by {@link AuthenticationFilter} before any endpoint runs. Endpoints
 * read it synchronously at their start and pass it down; nothing below the HTTP layer looks it up.
 */
@RequestScoped
public class RequestIdentity {

    private User user = User.ANONYMOUS;

    public User user() {
        return user;
    }

    void set(User authenticated) {
        this.user = authenticated;
    }
}
