package io.meshtrust.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Answers bodies over {@code quarkus.http.limits.max-body-size} with Kuma's error body (413, {@code Payload Too
 * Large}) instead of the server's empty 413, however the size shows:
 * <ul>
 *   <li>announced in {@code Content-Length}: refused before a byte of the body is read;
 *   <li>streamed without one ({@code Transfer-Encoding: chunked}, or HTTP/2 without {@code content-length}): a Vert.x
 *       {@link BodyHandler} with the same limit reads the body first, counting as it goes, and fails the request with
 *       413 the moment the limit is passed; the failure handler here turns that into the same JSON. RESTEasy Reactive
 *       then takes the body the handler read ({@code RoutingContext.body()}) instead of reading the stream itself,
 *       whose own limit check answers an empty 413. This needs {@code quarkus.rest.input-buffer-size} at least the
 *       body limit (application.properties ties them); if it is smaller, streamed bodies are left to RESTEasy and a
 *       warning says so at start.
 * </ul>
 * A {@code Content-Length} that promises more than the client sends leaves the request waiting for the rest: the
 * connection is closed after {@code quarkus.http.idle-timeout} (120 s, Kuma's API server idle timeout) without data.
 */
@Singleton
public class BodyLimit {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    private final long limit;
    private final boolean preRead;

    public BodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize limit,
            @ConfigProperty(name = "quarkus.rest.input-buffer-size", defaultValue = "10K") MemorySize inputBuffer) {
        this.limit = limit.asLongValue();
        // RESTEasy Reactive hands a body read beforehand to the endpoint intact only when it fits its input buffer
        // (InputHandler switches to a blocking stream past it, and that stream was already consumed).
        this.preRead = inputBuffer.asLongValue() >= this.limit;
    }

    void install(@Observes Router router) {
        if (!preRead) {
            LOG.warnf(
                    "quarkus.rest.input-buffer-size is smaller than quarkus.http.limits.max-body-size (%d bytes):"
                            + " a chunked body over the limit gets the server's empty 413 instead of Kuma's error body",
                    limit);
        }
        BodyHandler streamed = BodyHandler.create(false).setBodyLimit(limit);
        router.route()
                .order(Integer.MIN_VALUE + 2)
                .handler(ctx -> {
                    String length = ctx.request().getHeader("Content-Length");
                    if (length != null) {
                        if (tooLarge(length)) {
                            answer(ctx);
                            return;
                        }
                        ctx.next();
                    } else if (preRead && WITH_BODY.contains(ctx.request().method())) {
                        streamed.handle(ctx);
                    } else {
                        ctx.next();
                    }
                })
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                        answer(ctx);
                    } else {
                        ctx.next();
                    }
                });
    }

    private void answer(RoutingContext ctx) {
        KumaError body = KumaError.of(
                413, "Payload Too Large", "The request body is larger than the limit of " + limit + " bytes");
        ctx.response()
                .setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Json.encode(body));
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
