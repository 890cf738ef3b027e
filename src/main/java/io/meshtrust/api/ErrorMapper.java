package io.meshtrust.api;

import io.meshtrust.store.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one table that turns failures into Kuma's error body (kuma-ca-insights §7.5). The first matching row wins.
 * Internals (class names, stack traces, store messages) never reach the body; each 500 is logged once with an id
 * that the body carries in {@code instance}.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    static final String DEFAULT_TITLE = "Internal Server Error";

    @ServerExceptionMapper(priority = 1)
    public Response map(Throwable failure) {
        return toResponse(failure);
    }

    /** Builds the response for a failure; usable outside JAX-RS (e.g. Vert.x failure handlers). */
    public static Response toResponse(Throwable failure) {
        KumaError body = toError(failure);
        Response.ResponseBuilder response = Response.status(body.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        Throwable cause = failure instanceof Titled titled ? titled.getCause() : failure;
        if (cause instanceof ApiException.CaBackingOff backingOff) {
            response.header("Retry-After", backingOff.retryAfterSeconds());
        }
        return response.build();
    }

    public static KumaError toError(Throwable failure) {
        String title = null;
        Throwable cause = failure;
        if (failure instanceof Titled titled) {
            title = titled.title();
            cause = titled.getCause();
        }
        String t = title == null ? DEFAULT_TITLE : title;
        return map(t, cause);
    }

    // Release 17: no pattern matching for switch, so an ordered chain of instanceof tests is the table.
    private static KumaError map(String t, Throwable cause) {
        if (cause instanceof ApiException.NotFound || cause instanceof StoreException.NotFound) {
            return KumaError.of(404, t, "Not found");
        }
        if (cause instanceof ApiException.BadRequest e) {
            return KumaError.of(400, "Bad Request", e.getMessage());
        }
        if (cause instanceof ApiException.Invalid e) {
            return KumaError.of(400, t, e.getMessage(), e.violations());
        }
        if (cause instanceof ApiException.InvalidPageSize e) {
            return KumaError.of(400, t, "Invalid page size", List.of(new Violation("size", e.getMessage())));
        }
        if (cause instanceof ApiException.InvalidArgument e) {
            return KumaError.of(400, t, "invalid: " + e.getMessage());
        }
        if (cause instanceof ApiException.IssuerDisabled e) {
            return KumaError.of(400, t, e.getMessage());
        }
        if (cause instanceof ApiException.SigningKeyNotFound e) {
            return KumaError.of(404, "Signing Key not found", e.getMessage());
        }
        if (cause instanceof ApiException.AccessDenied e) {
            return KumaError.of(403, "Access Denied", e.getMessage());
        }
        if (cause instanceof ApiException.Unauthenticated e) {
            LOG.debugf("authentication rejected: %s", e.getMessage());
            return KumaError.of(401, "Invalid authentication data", "Unauthenticated");
        }
        if (cause instanceof ApiException.MethodNotAllowed e) {
            return KumaError.of(405, "Method not allowed", e.getMessage());
        }
        if (cause instanceof ApiException.Conflict
                || cause instanceof StoreException.AlreadyExists
                || cause instanceof StoreException.Conflict) {
            return KumaError.of(409, "Conflict", cause.getMessage());
        }
        if (cause instanceof ApiException.PayloadTooLarge e) {
            return KumaError.of(413, "Payload Too Large", e.getMessage());
        }
        if (cause instanceof ApiException.CaUnavailable || cause instanceof ApiException.CaBackingOff
                || cause instanceof ApiException.SecretUnusable) {
            return KumaError.of(503, t, cause.getMessage());
        }
        if (cause instanceof ApiException.Unavailable || cause instanceof StoreException.Unavailable) {
            LOG.warnf("store unavailable: %s", cause.getMessage());
            return KumaError.of(503, t, "The store is unavailable; retry later");
        }
        if (cause instanceof WebApplicationException e) {
            return framework(e);
        }
        return internal(t, cause);
    }

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
