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
import java.util.Optional;

/**
 * The dashboard at {@code /gui} (docs/product.md §2): static modules under {@code META-INF/resources/gui}, served by
 * Quarkus on the HTTP and HTTPS listeners alike (they share one router). This class adds what static serving lacks:
 * {@code /gui} without the slash redirects to {@code /gui/} (as Kuma's GUI does), so that the page's relative module
 * URLs resolve; every {@code /gui/} response carries a Content-Security-Policy that allows only this origin (and the
 * API's, when {@code KUMA_API_SERVER_ROOT_URL} puts it elsewhere), so that nothing the page renders from the API
 * (names, tags, error texts) can load or run anything else; and the page itself is served with the API's address in a
 * JSON data block, as Kuma's GUI handler writes {@code apiUrl} into its {@code index.html}
 * ({@code pkg/api-server/gui_handler.go}): the base path, or the root URL when set. A data block is not a script, so
 * the policy's {@code script-src 'self'} still holds.
 *
 * <p>The page's API calls carry the user token the user pasted, from the tab's session storage; the static files
 * themselves are public, as in Kuma ({@code /gui} skips authentication, see {@code Authenticator}). Plain values in:
 * {@code http/DashboardRoute} installs it.
 */
public final class GuiRoutes {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** The data block of the page as shipped: the API at this origin's root. */
    static final String CONFIG_AS_SHIPPED =
            "<script type=\"application/json\" id=\"meshtrust-config\">{\"apiUrl\":\"\"}</script>";

    private static final String PAGE = "META-INF/resources/gui/index.html";

    private final String csp;
    private final Buffer page;

    /**
     * @param apiUrl where the page calls the API: {@code ""} (this origin's root), a path, or an absolute URL; no
     *     trailing {@code /}
     * @param apiOrigin the origin of an absolute {@code apiUrl} on another host, which the policy must allow
     */
    public GuiRoutes(String apiUrl, Optional<String> apiOrigin) {
        this.csp = csp(apiOrigin);
        this.page = Buffer.buffer(page(apiUrl));
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
        String html;
        try (InputStream in = GuiRoutes.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the build");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Adds the redirect, the headers and the page. */
    public void install(Router router) {
        router.routeWithRegex("^/gui$").order(-100).handler(ctx -> {
            String query = ctx.request().query();
            ctx.response()
                    .setStatusCode(301)
                    .putHeader("Location", "/gui/" + (query == null || query.isEmpty() ? "" : "?" + query))
                    .end();
        });
        router.route("/gui/*").order(-100).handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Security-Policy", csp)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
        router.routeWithRegex("^/gui/(index\\.html)?$").order(-99).handler(this::servePage);
    }

    private void servePage(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Content-Type", "text/html;charset=UTF-8").end(page);
    }
}
