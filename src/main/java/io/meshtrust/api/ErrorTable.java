package io.meshtrust.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * An ordered table from failure type to Kuma's error body, with what every row shares: the title a caller attached
 * ({@link Titled}, Kuma's {@code HandleError(…, title)} in {@code pkg/core/rest/errors/error_handler.go}), the
 * framework's own 4xx, and one logged 500 with an id for anything no row names. The rows themselves belong to the
 * package that composes the HTTP layer ({@code http/ErrorMapper}), which may know every domain exception; this class
 * knows none, so {@code api/} depends on nothing of ours.
 *
 * <p>Internals (class names, stack traces, store messages) never reach the body; the 500's id is in {@code instance}.
 */
public final class ErrorTable {

    private static final Logger LOG = Logger.getLogger(ErrorTable.class);
    /** Kuma's title when the caller gave none. */
    public static final String DEFAULT_TITLE = "Internal Server Error";

    private final List<Row<?>> rows;

    /** @param rows tried in order; the first whose type the failure is an instance of wins */
    public ErrorTable(List<Row<?>> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * One row: failures of {@code type} get the body {@code body} makes from the caller's title and the failure.
     *
     * @param <T> the failure type
     */
    public record Row<T extends Throwable>(Class<T> type, BiFunction<String, T, KumaError> body) {

        Optional<KumaError> apply(String title, Throwable failure) {
            return type.isInstance(failure) ? Optional.of(body.apply(title, type.cast(failure))) : Optional.empty();
        }
    }

    /** A row, for {@code List.of(row(…), row(…))}. */
    public static <T extends Throwable> Row<T> row(Class<T> type, BiFunction<String, T, KumaError> body) {
        return new Row<>(type, body);
    }

    /**
     * The response for a failure: Kuma's body as JSON, and {@code Retry-After} when the failure says when to retry
     * ({@link RetryLater}). Usable outside JAX-RS (e.g. a pre-matching filter).
     */
    public Response toResponse(Throwable failure) {
        KumaError body = toError(failure);
        Response.ResponseBuilder response = Response.status(body.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        if (causeOf(failure) instanceof RetryLater later) {
            response.header("Retry-After", later.retryAfterSeconds());
        }
        return response.build();
    }

    /** Kuma's body for a failure, titled by the caller when it attached a title. */
    public KumaError toError(Throwable failure) {
        String title = failure instanceof Titled titled && titled.title() != null ? titled.title() : DEFAULT_TITLE;
        Throwable cause = causeOf(failure);
        for (Row<?> row : rows) {
            Optional<KumaError> body = row.apply(title, cause);
            if (body.isPresent()) {
                return body.get();
            }
        }
        if (cause instanceof WebApplicationException e) {
            return framework(e);
        }
        return internal(title, cause);
    }

    private static Throwable causeOf(Throwable failure) {
        return failure instanceof Titled titled ? titled.getCause() : failure;
    }

    /** The framework's own refusals (no route, wrong method or media type) in Kuma's body; its 5xx are ours. */
    private static KumaError framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(DEFAULT_TITLE, e);
        }
        var reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "Error" : reason.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed on this path";
            case 406 -> "This endpoint produces application/json";
            case 415 -> "Unsupported content type; send application/json";
            default -> title;
        };
        return KumaError.of(status, title, detail);
    }

    private static KumaError internal(String title, Throwable cause) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(cause, "Internal error %s", id);
        return KumaError.of(500, title, "Internal Server Error").withInstance(id);
    }
}
