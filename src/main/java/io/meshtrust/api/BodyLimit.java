package io.meshtrust.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers bodies over {@code quarkus.http.limits.max-body-size} with Kuma's error body instead of the server's
 * empty 413, when the size is announced in {@code Content-Length} (the usual case). Streamed bodies over the limit
 * still get the server's bare 413.
 */
@Singleton
public class BodyLimit {

    private final long limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                KumaError body = KumaError.of(413, "Payload Too Large",
                        "The request body is larger than the limit of " + limit + " bytes");
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(body));
                return;
            }
            ctx.next();
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
