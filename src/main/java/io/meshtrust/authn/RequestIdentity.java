package io.meshtrust.authn;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The user of the current request, set once by {@link AuthenticationFilter} before any endpoint runs. Endpoints
 * read it synchronously at their start and pass it down; nothing below the HTTP layer looks it up.
 */
@RequestScoped
public class RequestIdentity {

    private User user = User.ANONYMOUS;
    private Object deferredToken;

    public User user() {
        return user;
    }

    /**
     * On a route whose endpoint verifies tokens itself ({@link SelfAuthenticatingRoutes}), the bearer token left for it,
     * read (not verified) by the token layer; typed by that layer, hence the class to ask for.
     *
     * @return the token when one was left and it is of {@code type}
     */
    public <T> Optional<T> deferredToken(Class<T> type) {
        return Optional.ofNullable(deferredToken).filter(type::isInstance).map(type::cast);
    }

    void set(Authenticator.Identity authenticated) {
        this.user = authenticated.user();
        this.deferredToken = authenticated.deferredToken();
    }
}
