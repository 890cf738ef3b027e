package io.meshtrust.gui;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard at its path, {@code /gui} unless {@code KUMA_API_SERVER_GUI_BASE_PATH} says otherwise (docs/product.md
 * §2): the page and its static modules under {@code META-INF/dashboard} on the classpath ({@link #FILES}), served from
 * memory on the HTTP and HTTPS listeners alike (they share one router), at the dashboard's path only (Kuma's
 * {@code pkg/api-server/gui_handler.go} serves its GUI at {@code GUI.BasePath} alone). The path without the slash
 * redirects to the path with it (Go's mux does so for Kuma's GUI), so that the page's relative module URLs resolve; a
 * file that is not there is left to the next route, as any unknown path. Every response under the path carries a
 * Content-Security-Policy that allows only this origin (and the
 * API's, when {@code KUMA_API_SERVER_ROOT_URL} puts it elsewhere), so that nothing the page renders from the API
 * (names, tags, error texts) can load or run anything else; and the page itself is served with the API's address in a
 * JSON data block, as Kuma's GUI handler writes {@code apiUrl} into its {@code index.html}
 * ({@code pkg/api-server/gui_handler.go}): the base path, or the root URL when set. A data block is not a script, so
 * the policy's {@code script-src 'self'} still holds.
 *
 * <p>The page's API calls carry the user token the user pasted, from the tab's session storage; the static files
 * themselves are public, as in Kuma (the dashboard's path skips authentication, see {@code Authenticator}). Plain values in:
 * {@code http/DashboardRoute} installs it.
 */
public final class GuiRoutes {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** The data block of the page as shipped: the API at this origin's root. */
    static final String CONFIG_AS_SHIPPED =
            "<script type=\"application/json\" id=\"meshtrust-config\">{\"apiUrl\":\"\"}</script>";

    /** Where the dashboard's files are on the classpath. */
    static final String DIRECTORY = "META-INF/dashboard/";

    private static final String PAGE = "index.html";

    /** The dashboard's static files (besides the page) and their content types; {@code GuiRoutesTest} lists them. */
    static final Map<String, String> FILES = Map.of(
            "app.js", "text/javascript;charset=UTF-8",
            "api.js", "text/javascript;charset=UTF-8",
            "style.css", "text/css;charset=UTF-8");

    private final String path;
    private final String csp;
    private final Buffer page;
    private final Map<String, Buffer> files;

    /**
     * @param path where the dashboard is served: a leading and no trailing {@code /}, not {@code /} itself
     * @param apiUrl where the page calls the API: {@code ""} (this origin's root), a path, or an absolute URL; no
     *     trailing {@code /}
     * @param apiOrigin the origin of an absolute {@code apiUrl} on another host, which the policy must allow
     */
    public GuiRoutes(String path, String apiUrl, Optional<String> apiOrigin) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("not a dashboard path: " + path);
        }
        this.path = path;
        this.csp = csp(apiOrigin);
        this.page = Buffer.buffer(page(apiUrl));
        Map<String, Buffer> loaded = new HashMap<>();
        FILES.keySet().forEach(name -> loaded.put(name, Buffer.buffer(read(name))));
        this.files = Map.copyOf(loaded);
    }

    /** The policy: {@link #CSP}, with the API's origin added to {@code connect-src} when it is another one. */
    static String csp(Optional<String> apiOrigin) {
        return apiOrigin
                .filter(o -> o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+"))
                .map(o -> CSP.replace("connect-src 'self'", "connect-src 'self' " + o))
                .orElse(CSP);
    }

    /** The page with the API's address written into its data block. */
    static String page(String apiUrl) {
        String html = new String(read(PAGE), StandardCharsets.UTF_8);
        if (!html.contains(CONFIG_AS_SHIPPED)) {
            throw new IllegalStateException(PAGE + " has no " + CONFIG_AS_SHIPPED);
        }
        // Inside <script>, "</script>" or "<!--" would end or change the block: escape the characters HTML reads.
        String json = new JsonObject()
                .put("apiUrl", apiUrl)
                .encode()
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026");
        return html.replace(
                CONFIG_AS_SHIPPED, "<script type=\"application/json\" id=\"meshtrust-config\">" + json + "</script>");
    }

    /** Adds the redirect, the headers, the page and the files, matched on the path the router serves. */
    public void install(Router router) {
        // Regular expressions with the path quoted: a path may hold ':' or '*', which Vert.x' plain routes read.
        String quoted = Pattern.quote(path);
        router.routeWithRegex("^" + quoted + "$").order(-100).handler(ctx -> {
            String query = ctx.request().query();
            ctx.response()
                    .setStatusCode(301)
                    .putHeader("Location", path + "/" + (query == null || query.isEmpty() ? "" : "?" + query))
                    .end();
        });
        router.routeWithRegex("^" + quoted + "/.*").order(-100).handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Security-Policy", csp)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
        router.routeWithRegex("^" + quoted + "/(index\\.html)?$").order(-99).handler(this::servePage);
        router.routeWithRegex("^" + quoted + "/[^/]+$").order(-99).handler(this::serveFile);
    }

    private void servePage(RoutingContext ctx) {
        if (!readsAFile(ctx)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Content-Type", "text/html;charset=UTF-8").end(page);
    }

    private void serveFile(RoutingContext ctx) {
        String name = ctx.normalizedPath().substring(path.length() + 1);
        Buffer file = files.get(name);
        if (file == null || !readsAFile(ctx)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Content-Type", FILES.get(name)).end(file);
    }

    private static boolean readsAFile(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    private static byte[] read(String name) {
        try (InputStream in = GuiRoutes.class.getClassLoader().getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException(DIRECTORY + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
