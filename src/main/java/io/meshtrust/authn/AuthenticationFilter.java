package io.meshtrust.authn;

import io.meshtrust.api.ApiException;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs {@link Authenticator} before routing, on both listeners, and records the user for the request; an invalid
 * token ends the request with Kuma's 401 body (the reason goes to the debug log only). A request with more than one
 * {@code Host} line is answered 400 before anything else (RFC 9112 §3.2; Go's {@code net/http}, hence Kuma, answers
 * 400 too, in plain text), with Kuma's error body. Both are thrown: the error table's exception mapper answers them
 * as it answers the endpoints' failures.
 */
public class AuthenticationFilter {

    private final RequestIdentity identity;
    private final Authenticator authenticator;

    public AuthenticationFilter(RequestIdentity identity, Authenticator authenticator) {
        this.identity = identity;
        this.authenticator = authenticator;
    }

    @ServerRequestFilter(preMatching = true)
    public void authenticate(HttpServerRequest request) {
        if (request.headers().getAll("Host").size() > 1) {
            throw new ApiException.BadRequest("more than one Host header");
        }
        identity.set(authenticator.authenticate(request));
    }
}
