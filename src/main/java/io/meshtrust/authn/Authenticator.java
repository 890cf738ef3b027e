package io.meshtrust.authn;

import io.meshtrust.api.ApiException;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.tokens.InvalidTokenException;
import io.meshtrust.tokens.TokenMetrics;
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
    private final TokenMetrics metrics;

    public Authenticator(KumaConfig config, UserTokenValidator userTokens, TokenMetrics metrics) {
        var authn = config.apiServer().authn();
        this.localhostIsAdmin = authn.localhostIsAdmin();
        this.tokens = authn.type().equals("tokens");
        this.clientCerts = authn.type().equals("adminClientCerts");
        this.userTokens = userTokens;
        this.metrics = metrics;
    }

    /** Who the request is, and a token left for the endpoint to check as a dataplane token. */
    public record Identity(User user, String dataplaneToken) {
        static Identity of(User user) {
            return new Identity(user, null);
        }
    }

    /**
     * @throws ApiException.Unauthenticated when a presented token is invalid (on the data-plane paths: when it is not
     *                                      a valid user token, it is handed to the endpoint instead)
     */
    public Identity authenticate(HttpServerRequest request) {
        if (!skipsTokens(request)) {
            String authorization = request.getHeader("Authorization");
            if (tokens && authorization != null && authorization.startsWith(BEARER)) {
                String token = authorization.substring(BEARER.length());
                try {
                    Identity identity = Identity.of(userTokens.validate(token));
                    metrics.validated(TokenMetrics.Kind.USER, true);
                    return identity;
                } catch (InvalidTokenException e) {
                    if (acceptsDataplaneTokens(request.path())) {
                        // Not a user: the endpoint validates it as a dataplane token and answers 401 if it is not
                        // (and counts it as a dataplane token).
                        return new Identity(User.ANONYMOUS, token);
                    }
                    metrics.validated(TokenMetrics.Kind.USER, false);
                    throw new ApiException.Unauthenticated(e.getMessage());
                }
            }
        }
        if (clientCerts && hasVerifiedClientCertificate(request)) {
            return Identity.of(User.ADMIN.authenticated());
        }
        if (localhostIsAdmin && isDirectLoopback(request)) {
            return Identity.of(User.ADMIN.authenticated());
        }
        return Identity.of(User.ANONYMOUS);
    }

    /**
     * The paths a data plane calls with its dataplane token: {@code /meshes/{mesh}/dataplanes/{name}/certificate}
     * and {@code .../heartbeat}.
     */
    static boolean acceptsDataplaneTokens(String path) {
        return path != null && DATAPLANE_PATHS.matcher(path).matches();
    }

    private static final java.util.regex.Pattern DATAPLANE_PATHS =
            java.util.regex.Pattern.compile("^/meshes/[^/]+/dataplanes/[^/]+/(certificate|heartbeat)$");

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
