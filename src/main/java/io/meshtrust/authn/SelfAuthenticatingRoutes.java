package io.meshtrust.authn;

/**
 * Routes whose endpoint verifies the caller's token itself, because the key and the claims it checks depend on what
 * the route addresses: the data-plane endpoints take a dataplane token of the path's mesh, as Kuma's DP server
 * validates a dataplane token against the Dataplane's mesh ({@code pkg/xds/auth/universal/authenticator.go}
 * {@code authDataplane}). The endpoint's package implements this next to its {@code @Path}, so request
 * authentication knows no endpoint's path; found through CDI.
 */
public interface SelfAuthenticatingRoutes {

    /**
     * @param routedPath the path as the router serves it (dot segments removed, unreserved escapes decoded)
     */
    boolean matches(String routedPath);
}
