package io.meshtrust.api;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * One rule for the NUL character (U+0000) in the request target: a path or query that holds one, percent-encoded
 * ({@code %00}) or raw, is answered 400 with Kuma's error body before anything reads it. No name, mesh, label, tag or
 * filter can hold NUL (PostgreSQL cannot store it in text or {@code jsonb}, and the body reader refuses it in JSON, see
 * {@link io.meshtrust.resources.JsonBodies}), so such a request can only fail; refusing it here gives every endpoint
 * and both stores the same answer instead of a lookup that the in-memory store answers and PostgreSQL cannot run.
 *
 * <p>Kuma differs by store: its memory store looks the value up and finds nothing, its PostgreSQL store answers 500.
 */
@Singleton
public class NulCharacters {

    static final String DETAIL = "The request path or query holds a NUL character (%00), which no name, label or"
            + " filter can contain; remove it";

    void install(@Observes Router router) {
        // Right after CORS (so a browser can read the answer) and beside the body limit.
        router.route().order(Integer.MIN_VALUE + 3).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (holdsNul(ctx.request().uri())) {
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", "application/json")
                    .end(Json.encode(KumaError.of(400, "Bad Request", DETAIL)));
            return;
        }
        ctx.next();
    }

    /**
     * Whether a request target decodes to text with U+0000: a raw NUL, or the escape {@code %00} at an escape
     * position (so {@code %2500}, a literal "%00", is not one, while a
     * stray {@code %} before {@code %00} does not hide it).
     */
    static boolean holdsNul(String target) {
        if (target == null) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '\u0000') {
                return true;
            }
            if (c == '%' && i + 2 < target.length()) {
                if (target.charAt(i + 1) == '0' && target.charAt(i + 2) == '0') {
                    return true;
                }
                if (hex(target.charAt(i + 1)) && hex(target.charAt(i + 2))) {
                    i += 2; // another escape: its digits are not the start of one
                }
            }
        }
        return false;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
