package io.meshtrust.gui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The dashboard at {@code /gui} (docs/product.md §2): static modules under {@code META-INF/resources/gui}, served by
 * Quarkus on the HTTP and HTTPS listeners alike (they share one router). This class adds what static serving lacks:
 * {@code /gui} without the slash redirects to {@code /gui/} (as Kuma's GUI does), so that the page's relative module
 * URLs resolve; and every {@code /gui/} response carries a Content-Security-Policy that allows only this origin, so
 * that nothing the page renders from the API (names, tags, error texts) can load or run anything else.
 *
 * <p>The page's API calls carry the user token the user pasted, from the tab's session storage; the static files
 * themselves are public, as in Kuma ({@code /gui} skips authentication, see {@code Authenticator}).
 */
@Singleton
public class GuiRoutes {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    void install(@Observes Router router) {
        router.routeWithRegex("^/gui$").order(-100).handler(ctx -> {
            String query = ctx.request().query();
            ctx.response()
                    .setStatusCode(301)
                    .putHeader("Location", "/gui/" + (query == null || query.isEmpty() ? "" : "?" + query))
                    .end();
        });
        router.route("/gui/*").order(-100).handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
    }
}
