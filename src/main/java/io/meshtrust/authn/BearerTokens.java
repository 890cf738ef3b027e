package io.meshtrust.authn;

/**
 * The token layer as request authentication sees it (implemented by {@code tokens/TokenAuthentication}), so that
 * {@link Authenticator} depends on no token family: it hands over the bearer token and where it may go, and gets back
 * a user or a token for the endpoint to verify. Each token is verified by exactly one family's validator, chosen by
 * the family its claims name (see {@code tokens/PresentedToken}), never by trying one family and falling back to
 * another; so a request costs at most one RSA signature verification.
 */
public interface BearerTokens {

    /**
     * @param token                 the bearer token, possibly empty
     * @param endpointVerifiesToken whether the addressed endpoint verifies a token of its own family itself
     *                              ({@link SelfAuthenticatingRoutes}); otherwise only a user token is accepted
     * @throws InvalidCredentialException when the token is refused (the reason is for the debug log)
     */
    Verdict read(String token, boolean endpointVerifiesToken) throws InvalidCredentialException;

    /** What a presented token makes the request. */
    sealed interface Verdict {

        /** A valid user token: the request is this user (with {@code mesh-system:authenticated}). */
        record OfUser(User user) implements Verdict {}

        /**
         * A token the endpoint verifies against what it addresses (a dataplane token: the path's mesh); until then the
         * request is anonymous. The token is opaque here: its type belongs to the token layer.
         */
        record Deferred(Object token) implements Verdict {
            @Override
            public String toString() {
                return "Deferred[" + token + "]"; // the token type's own toString, which never prints the token
            }
        }
    }
}
