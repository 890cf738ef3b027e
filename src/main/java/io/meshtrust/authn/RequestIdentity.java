package io.meshtrust.authn;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * The user of the current request, set once by {@link AuthenticationFilter} before any endpoint runs. Endpoints
 * read it synchronously at their start and pass it down; nothing below the HTTP layer looks it up.
 */
@RequestScoped
public class RequestIdentity {

    private User user = User.ANONYMOUS;
    private String dataplaneToken;

    public User user() {
        return user;
    }

    /**
     * On the data-plane paths ({@link Authenticator#acceptsDataplaneTokens}), a bearer token that is not a valid user
     * token, left for the endpoint to validate as a dataplane token of the addressed mesh.
     */
    public Optional<String> dataplaneToken() {
        return Optional.ofNullable(dataplaneToken);
    }

    void set(Authenticator.Identity authenticated) {
        this.user = authenticated.user();
        this.dataplaneToken = authenticated.dataplaneToken();
    }
}
