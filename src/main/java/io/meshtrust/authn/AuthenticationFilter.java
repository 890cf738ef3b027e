package io.meshtrust.authn;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Runs {@link Authenticator} before routing, on both listeners, and records the user for the request. */
public class AuthenticationFilter {

    @Inject
    RequestIdentity identity;

    @Inject
    Authenticator authenticator;

    @ServerRequestFilter(preMatching = true)
    public void authenticate(HttpServerRequest request) {
        identity.set(authenticator.authenticate(request));
    }
}
