package io.meshtrust.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.WebServerRequest;
import java.util.List;

/**
 * Serves the API under a base path at run time ({@code KUMA_API_SERVER_BASE_PATH}; Quarkus' own root path is fixed at
 * build time). The first handler of the router, on both listeners (the HTTPS listener shares the router; the
 * diagnostics port has its own, and Kuma's diagnostics server has no base path either), decides on the path the
 * router would serve (dot segments removed, unreserved escapes decoded, as {@code Authenticator} and Quarkus REST see
 * it):
 *
 * <ul>
 *   <li>the base path itself or below it: rerouted once to the rest ({@code /kuma/meshes?x} becomes
 *       {@code /meshes?x}, {@code /kuma} becomes {@code /}), so every route, filter and CORS rule runs unchanged; the
 *       path as it arrived is kept for {@code next} links ({@link #arrivedPath});
 *   <li>a path of the server's own outside the API (the dashboard at {@code /gui}): left alone, as Kuma serves its GUI
 *       at its own path whatever the API's base path;
 *   <li>anything else, the dashboard's path under the base path included: 404 with the body Kuma's Go mux answers
 *       for a path no handler is registered for ({@code 404 page not found}, {@code text/plain}).
 * </ul>
 * Nothing is installed for the base path {@code /}, so the default costs nothing per request. Plain values in, so
 * {@code api/} reads no configuration: {@code http/BasePathRoute} installs it.
 */
public final class BasePath {

    /** Routing-context key of the path a rerouted request arrived with. */
    static final String ARRIVED_PATH = "meshtrust.arrived-path";

    /** Go's {@code http.NotFound} body. */
    static final String NOT_FOUND = "404 page not found\n";

    private final String prefix;
    private final List<String> ownPaths;

    /**
     * @param prefix the normalised base path: {@code /}, or a leading and no trailing {@code /}
     * @param ownPaths paths served outside the base path, each with its subtree ({@code /gui})
     */
    public BasePath(String prefix, List<String> ownPaths) {
        if (!prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))) {
            throw new IllegalArgumentException("not a normalised base path: " + prefix);
        }
        this.prefix = prefix;
        this.ownPaths = List.copyOf(ownPaths);
    }

    /** Where a request goes. */
    public sealed interface Decision {}

    /** Inside the base path: served as {@code path} (leading {@code /}, normalised). */
    public record Inside(String path) implements Decision {}

    /** One of the server's own paths outside the API: served as it is. */
    public record Own() implements Decision {}

    /** Neither: 404. */
    public record Outside() implements Decision {}

    /**
     * Decides on a request path as it arrived.
     *
     * @param rawPath the request line's path ({@code HttpServerRequest.path()})
     * @return where it goes; {@link Outside} for a path the router could not normalise either
     */
    public Decision decide(String rawPath) {
        String path = routed(rawPath);
        if (path == null) {
            return new Outside();
        }
        if (isOwn(path)) {
            return new Own();
        }
        if (prefix.equals("/")) {
            return new Inside(path);
        }
        if (!path.startsWith(prefix) || (path.length() > prefix.length() && path.charAt(prefix.length()) != '/')) {
            return new Outside();
        }
        String rest = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
        // The dashboard is served at its own path only, never also under the base path.
        return isOwn(rest) ? new Outside() : new Inside(rest);
    }

    /** Adds the handler in front of every route, or nothing for the base path {@code /}. */
    public void install(Router router) {
        if (prefix.equals("/")) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    /**
     * The path a request arrived with, base path included: what Kuma's {@code next} links carry
     * ({@code pkg/api-server/pagination.go}: the request's URL path).
     */
    public static String arrivedPath(HttpServerRequest request) {
        if (request instanceof WebServerRequest web && web.routingContext().get(ARRIVED_PATH) instanceof String p) {
            return p;
        }
        return request.path();
    }

    private void handle(RoutingContext ctx) {
        if (ctx.get(ARRIVED_PATH) != null) {
            ctx.next(); // the second pass, after the reroute below
            return;
        }
        String arrived = ctx.request().path();
        Decision decision = decide(arrived);
        if (decision instanceof Inside inside) {
            ctx.put(ARRIVED_PATH, arrived);
            String query = ctx.request().query();
            ctx.reroute(query == null ? inside.path() : inside.path() + "?" + query);
        } else if (decision instanceof Own) {
            ctx.next();
        } else {
            ctx.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end(NOT_FOUND);
        }
    }

    private boolean isOwn(String path) {
        for (String own : ownPaths) {
            if (path.equals(own) || path.startsWith(own) && path.charAt(own.length()) == '/') {
                return true;
            }
        }
        return false;
    }

    /** The path as Vert.x' router and Quarkus REST match it, or {@code null} when it cannot be normalised. */
    static String routed(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        try {
            return HttpUtils.normalizePath(rawPath);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
