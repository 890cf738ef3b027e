package io.meshtrust.authn;

import io.meshtrust.api.ApiException;
import io.meshtrust.http.ErrorMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs {@link Authenticator} before routing, on both listeners, and records the user for the request; an invalid
 * token ends the request with Kuma's 401 body (the reason goes to the debug log only). A request with more than one
 * {@code Host} line is answered 400 before anything else (RFC 9112 §3.2; Go's {@code net/http}, hence Kuma, answers
 * 400 too, in plain text), with Kuma's error body.
 */
public class AuthenticationFilter {

    @Inject
    RequestIdentity identity;

    @Inject
    Authenticator authenticator;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(HttpServerRequest request) {
        if (request.headers().getAll("Host").size() > 1) {
            return ErrorMapper.toResponse(new ApiException.BadRequest("more than one Host header"));
        }
        try {
            identity.set(authenticator.authenticate(request));
            return null;
        } catch (ApiException.Unauthenticated e) {
            return ErrorMapper.toResponse(e);
        }
    }
}
