package io.meshtrust.authn;

import io.meshtrust.api.ApiException;
import io.meshtrust.api.ErrorMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs {@link Authenticator} before routing, on both listeners, and records the user for the request; an invalid
 * token ends the request with Kuma's 401 body (the reason goes to the debug log only).
 */
public class AuthenticationFilter {

    @Inject
    RequestIdentity identity;

    @Inject
    Authenticator authenticator;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(HttpServerRequest request) {
        try {
            identity.set(authenticator.authenticate(request));
            return null;
        } catch (ApiException.Unauthenticated e) {
            return ErrorMapper.toResponse(e);
        }
    }
}
