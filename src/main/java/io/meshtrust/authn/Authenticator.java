package io.meshtrust.authn;

import io.meshtrust.config.ApiServerPaths;
import io.meshtrust.config.KumaConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Decides who a request is (Kuma's {@code pkg/api-server/authn} and
 * {@code pkg/plugins/authn/api-server/tokens/authenticator.go} {@code UserTokenAuthenticator}), for both listeners:
 * <ol>
 *   <li>{@code GET /} and everything under the dashboard's path ({@code KUMA_API_SERVER_GUI_BASE_PATH}, default
 *       {@code /gui}) are never token-checked (Kuma's skips, {@code pkg/api-server/authn/skip.go});</li>
 *   <li>authn type {@code tokens}: an {@code Authorization} header is always validated, from localhost too (a
 *       deliberate change from Kuma, where localhost-admin hides a bad token). A single line
 *       {@code <Bearer in any case> 1*(SP / HTAB) <token>} (RFC 7235 §2.1: the scheme is case-insensitive; Kuma
 *       only knows {@code "Bearer "}) is a bearer token: valid ⇒ the token's user, invalid or empty ⇒ 401. Any other
 *       {@code Authorization} (another scheme such as {@code Basic}, garbage, an empty line, several lines) is 401
 *       too: a client that sends a credential expects it checked, and this server knows no other scheme (Kuma
 *       ignores it and the caller stays anonymous, or admin from localhost). What a bearer token makes the request
 *       is the token layer's decision ({@link BearerTokens}): a user token is verified here, by its family's
 *       validator only; on a route whose endpoint verifies tokens itself ({@link SelfAuthenticatingRoutes}: the
 *       data-plane endpoints), a token of that endpoint's family is left to it, unverified, and the request is
 *       anonymous until then;</li>
 *   <li>authn type {@code adminClientCerts}: an HTTPS client whose certificate verified against the client CA pool
 *       is admin;</li>
 *   <li>otherwise a direct loopback request ({@link LocalhostAdmin}: no proxy hint, no {@code Authorization} line at
 *       all, no ambiguity) is admin when {@code localhostIsAdmin} is on, anyone else anonymous.</li>
 * </ol>
 * Metrics are counted by the token layer ({@code tokens/TokenMetrics}); a credential of another scheme or several
 * {@code Authorization} lines are refused here without being counted, as no token was read. Application-scoped (proxied) so that the REST filter, built at static init, can hold it.
 */
@ApplicationScoped
public class Authenticator {

    static final String BEARER_SCHEME = "Bearer";

    private final boolean localhostIsAdmin;
    private final boolean tokens;
    private final boolean clientCerts;
    private final BearerTokens bearerTokens;
    private final List<SelfAuthenticatingRoutes> selfAuthenticating;
    private final String dashboard;

    public Authenticator(KumaConfig config, BearerTokens bearerTokens, Instance<SelfAuthenticatingRoutes> routes) {
        var authn = config.apiServer().authn();
        this.localhostIsAdmin = authn.localhostIsAdmin();
        this.tokens = authn.type().equals("tokens");
        this.clientCerts = authn.type().equals("adminClientCerts");
        this.bearerTokens = bearerTokens;
        this.selfAuthenticating = routes.stream().toList();
        this.dashboard = ApiServerPaths.dashboardPath(config);
    }

    /** Who the request is, and a token left for the endpoint to verify (opaque here, typed by the token layer). */
    public record Identity(User user, Object deferredToken) {
        static Identity of(User user) {
            return new Identity(user, null);
        }
    }

    /**
     * @throws UnauthenticatedException when a presented token is invalid (on a route whose endpoint verifies tokens
     *                                   itself, a token of its family is handed to it instead)
     */
    public Identity authenticate(HttpServerRequest request) {
        if (tokens && !skipsTokens(request, dashboard)) {
            List<String> authorization = request.headers().getAll("Authorization");
            if (!authorization.isEmpty()) {
                return authenticateBearer(request, authorization);
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

    private Identity authenticateBearer(HttpServerRequest request, List<String> authorization) {
        if (authorization.size() > 1) {
            throw new UnauthenticatedException(authorization.size() + " Authorization header lines");
        }
        Optional<String> bearer = bearerToken(authorization.get(0));
        if (bearer.isEmpty()) {
            throw new UnauthenticatedException("the Authorization header is not a Bearer credential");
        }
        try {
            BearerTokens.Verdict verdict = bearerTokens.read(bearer.get(), endpointVerifiesToken(request.path()));
            if (verdict instanceof BearerTokens.Verdict.OfUser user) {
                return Identity.of(user.user());
            }
            return new Identity(User.ANONYMOUS, ((BearerTokens.Verdict.Deferred) verdict).token());
        } catch (InvalidCredentialException e) {
            throw new UnauthenticatedException(e.getMessage());
        }
    }

    /**
     * The token of an {@code Authorization} value whose scheme is {@code Bearer} in any case (RFC 7235 §2.1),
     * followed by one or more spaces or tabs, or by nothing (then the token is empty, which the validator refuses);
     * leading and trailing spaces and tabs are not part of the token. Empty when the scheme is another one.
     */
    static Optional<String> bearerToken(String authorization) {
        String value = authorization == null ? "" : LocalhostAdmin.trimOws(authorization);
        if (!value.regionMatches(true, 0, BEARER_SCHEME, 0, BEARER_SCHEME.length())) {
            return Optional.empty();
        }
        String rest = value.substring(BEARER_SCHEME.length());
        if (!rest.isEmpty() && rest.charAt(0) != ' ' && rest.charAt(0) != '\t') {
            return Optional.empty(); // "Bearerx": another scheme
        }
        return Optional.of(LocalhostAdmin.trimOws(rest));
    }

    /** Whether the route's endpoint verifies tokens itself, decided on the path the router serves. */
    boolean endpointVerifiesToken(String path) {
        if (path == null || selfAuthenticating.isEmpty()) {
            return false;
        }
        String routed = routedPath(path);
        return selfAuthenticating.stream().anyMatch(routes -> routes.matches(routed));
    }

    /**
     * Kuma's skips, decided on the path the router will serve rather than the one on the request line: a prefix test
     * on the raw line let {@code /gui/../meshes} (or {@code /guix/../meshes}, or {@code %2e%2e}) reach the API with
     * its token unread, as anonymous instead of 401. Kuma skips the prefix {@code /gui} whatever its GUI's path; here
     * the skip follows the dashboard.
     */
    static boolean skipsTokens(HttpServerRequest request, String dashboard) {
        String path = routedPath(request.path());
        return request.method() == HttpMethod.GET && "/".equals(path)
                || dashboard.equals(path)
                || path.startsWith(dashboard + "/");
    }

    /**
     * The path as Vert.x' router and Quarkus REST see it (dot segments removed, unreserved percent-escapes decoded);
     * a path it cannot normalise skips nothing.
     */
    static String routedPath(String path) {
        if (path == null) {
            return "";
        }
        try {
            String normalized = HttpUtils.normalizePath(path);
            return normalized == null ? "" : normalized;
        } catch (IllegalArgumentException e) {
            return "";
        }
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
        return LocalhostAdmin.isDirectLoopbackRequest(peer.hostAddress(), headerLines(request));
    }

    /**
     * Every header line in arrival order ({@link MultiMap} keeps repeated lines). On HTTP/2 the authority is added as
     * {@code :authority} when the header map does not carry the pseudo-header itself, so that a {@code Host} line
     * that disagrees with it is seen.
     */
    static List<LocalhostAdmin.HeaderLine> headerLines(HttpServerRequest request) {
        MultiMap headers = request.headers();
        var lines = new ArrayList<LocalhostAdmin.HeaderLine>(headers.size() + 1);
        boolean authorityLine = false;
        for (Map.Entry<String, String> e : headers) {
            lines.add(new LocalhostAdmin.HeaderLine(e.getKey(), e.getValue()));
            authorityLine |= ":authority".equalsIgnoreCase(e.getKey());
        }
        if (request.version() == HttpVersion.HTTP_2 && !authorityLine && request.authority() != null) {
            lines.add(new LocalhostAdmin.HeaderLine(
                    ":authority", request.authority().toString()));
        }
        return lines;
    }
}
