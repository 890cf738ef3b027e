package io.meshtrust.authn;

import io.meshtrust.api.ApiException;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.tokens.InvalidTokenException;
import io.meshtrust.tokens.user.UserTokenValidator;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Decides who a request is (kuma-tokens §4), for both listeners:
 * <ol>
 *   <li>{@code GET /} and everything under {@code /gui} are never token-checked (Kuma's skips);</li>
 *   <li>authn type {@code tokens}: an {@code Authorization: Bearer <jwt>} header is always validated, from
 *       localhost too (a deliberate change from Kuma, where localhost-admin hides a bad token): valid ⇒ the token's
 *       user, invalid ⇒ 401;</li>
 *   <li>authn type {@code adminClientCerts}: an HTTPS client whose certificate verified against the client CA pool
 *       is admin;</li>
 *   <li>otherwise a direct loopback request is admin when {@code localhostIsAdmin} is on, anyone else anonymous.</li>
 * </ol>
 * Application-scoped (proxied) so that the REST filter, built at static init, can hold it.
 */
@ApplicationScoped
public class Authenticator {

    static final String BEARER = "Bearer ";

    private final boolean localhostIsAdmin;
    private final boolean tokens;
    private final boolean clientCerts;
    private final UserTokenValidator userTokens;

    public Authenticator(KumaConfig config, UserTokenValidator userTokens) {
        var authn = config.apiServer().authn();
        this.localhostIsAdmin = authn.localhostIsAdmin();
        this.tokens = authn.type().equals("tokens");
        this.clientCerts = authn.type().equals("adminClientCerts");
        this.userTokens = userTokens;
    }

    /**
     * @throws ApiException.Unauthenticated when a presented token is invalid
     */
    public User authenticate(HttpServerRequest request) {
        if (!skipsTokens(request)) {
            String authorization = request.getHeader("Authorization");
            if (tokens && authorization != null && authorization.startsWith(BEARER)) {
                try {
                    return userTokens.validate(authorization.substring(BEARER.length()));
                } catch (InvalidTokenException e) {
                    throw new ApiException.Unauthenticated(e.getMessage());
                }
            }
        }
        if (clientCerts && hasVerifiedClientCertificate(request)) {
            return User.ADMIN.authenticated();
        }
        if (localhostIsAdmin && isDirectLoopback(request)) {
            return User.ADMIN.authenticated();
        }
        return User.ANONYMOUS;
    }

    static boolean skipsTokens(HttpServerRequest request) {
        return request.method() == HttpMethod.GET && "/".equals(request.path())
                || request.uri() != null && request.uri().startsWith("/gui");
    }

    static boolean hasVerifiedClientCertificate(HttpServerRequest request) {
        if (!request.isSSL() || request.sslSession() == null) {
            return false;
        }
        try {
            // The listener verified the chain against the client CA pool during the handshake.
            Certificate[] chain = request.sslSession().getPeerCertificates();
            return chain != null && chain.length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
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
