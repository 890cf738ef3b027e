package io.meshtrust.authn;

import io.meshtrust.config.KumaConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides who a request is (kuma-tokens §4.1): localhost → admin when {@code localhostIsAdmin} is on; otherwise
 * anonymous. Application-scoped (proxied) so that the REST filter, built at static init, can hold it before runtime
 * configuration exists.
 */
@ApplicationScoped
public class Authenticator {

    private final boolean localhostIsAdmin;

    public Authenticator(KumaConfig config) {
        this.localhostIsAdmin = config.apiServer().authn().localhostIsAdmin();
    }

    /** The user of a request; never fails. */
    public User authenticate(HttpServerRequest request) {
        if (localhostIsAdmin && isDirectLoopback(request)) {
            return User.ADMIN.authenticated();
        }
        return User.ANONYMOUS;
    }

    static boolean isDirectLoopback(HttpServerRequest request) {
        var peer = request.remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return false;
        }
        String host = request.getHeader("Host");
        if (host == null && request.authority() != null) {
            host = request.authority().toString();
        }
        return LocalhostAdmin.isDirectLoopbackRequest(peer.hostAddress(), host, request::getHeader);
    }
}
