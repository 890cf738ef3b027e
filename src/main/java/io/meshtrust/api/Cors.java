package io.meshtrust.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for browser clients on other origins, such as Kuma's GUI served from its own host
 * ({@code KUMA_API_SERVER_CORS_ALLOWED_DOMAINS}).
 *
 * <p>Mirrors Kuma's API server, which installs go-restful's {@code CrossOriginResourceSharing} filter with
 * {@code AllowedDomains} = the setting and {@code ExposeHeaders = [Access-Control-Allow-Origin]}: an origin is allowed
 * when it equals an entry ignoring case, or when an entry is the wildcard {@code .*}; entries are <em>not</em> regular
 * expressions (go-restful v3 dropped that, GHSA for emicklei/go-restful#489). The allowed origin is echoed, never
 * {@code *}. A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from an allowed origin is answered
 * here with 200 and no body, before authentication, so a preflight never meets a 401. Unlike Kuma, whose default is
 * {@code [".*"]}, meshtrust sends no CORS header at all unless the setting names origins.
 *
 * <p>Installed on Quarkus' root router, which the HTTPS listener shares, so both ports behave alike. It takes the
 * setting as plain values, so {@code api/} does not read our configuration: {@code http/CorsRoute} reads it and
 * installs this filter ({@code docs/architecture.md}).
 */
public final class Cors {

    /** Kuma's (go-restful's) wildcard entry. */
    static final String ANY = ".*";

    static final List<String> METHOD_LIST = List.of("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS");
    static final String METHODS = String.join(", ", METHOD_LIST);
    static final Set<String> HEADERS = Set.of("authorization", "content-type", "accept");
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Accept";

    private final List<String> allowed;

    /** @param allowedDomains the entries of {@code KUMA_API_SERVER_CORS_ALLOWED_DOMAINS}; blank ones are dropped */
    public Cors(List<String> allowedDomains) {
        this.allowed = allowedDomains.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Adds the filter in front of every route, or nothing when no origin is allowed. */
    public void install(Router router) {
        if (allowed.isEmpty()) {
            return;
        }
        // Right after the base path (which answers outside it without CORS, as Kuma's mux does) and before the body
        // limit, so that a 413 still carries the headers the browser needs to show it.
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    /** Whether {@code origin} may read responses (go-restful's {@code isOriginAllowed}). */
    boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(entry -> entry.equals(ANY) || entry.equals(lower));
    }

    private void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (!allows(origin)) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        response.putHeader("Vary", "Origin");
        String requestedMethod = ctx.request().getHeader("Access-Control-Request-Method");
        if (ctx.request().method() == HttpMethod.OPTIONS && requestedMethod != null) {
            preflight(ctx, origin, requestedMethod);
            return;
        }
        response.putHeader("Access-Control-Allow-Origin", origin);
        response.putHeader("Access-Control-Expose-Headers", "Access-Control-Allow-Origin");
        ctx.next();
    }

    /** Answers a valid preflight; an invalid one goes on without CORS headers, as in go-restful. */
    private void preflight(RoutingContext ctx, String origin, String requestedMethod) {
        if (!METHOD_LIST.contains(requestedMethod.trim().toUpperCase(Locale.ROOT))
                || !headersAllowed(ctx.request().getHeader("Access-Control-Request-Headers"))) {
            ctx.response().headers().remove("Vary");
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(200)
                .putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Allow-Methods", METHODS)
                .putHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
                .putHeader("Content-Length", "0")
                .end();
    }

    private static boolean headersAllowed(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        Set<String> names = Arrays.stream(requested.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        return HEADERS.containsAll(names);
    }
}
