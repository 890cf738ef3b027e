package io.meshtrust.http;

import static io.meshtrust.api.ErrorTable.row;

import io.meshtrust.access.AccessDeniedException;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.ErrorTable;
import io.meshtrust.api.KumaError;
import io.meshtrust.api.Violation;
import io.meshtrust.authn.UnauthenticatedException;
import io.meshtrust.ca.MeshNotFoundException;
import io.meshtrust.certificates.DataplaneCertificates;
import io.meshtrust.insights.InvalidInsightParamsException;
import io.meshtrust.signingkeys.SigningKeyException;
import io.meshtrust.store.StoreException;
import io.meshtrust.tokens.IssuerDisabledException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one table that turns failures into Kuma's error body (Kuma's {@code pkg/core/rest/errors/error_handler.go},
 * {@code HandleError}); the first matching row wins, anything no row names is a logged 500 with an id
 * ({@link ErrorTable}). It lives in {@code http/}, the package that composes the HTTP layer, because it names
 * exceptions of every package (the store's today); nothing of ours depends on {@code http/}
 * ({@code docs/architecture.md}). A domain exception gets its Kuma body by one row here.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    static final ErrorTable TABLE = new ErrorTable(List.of(
            row(ApiException.NotFound.class, (title, e) -> KumaError.of(404, title, "Not found")),
            row(StoreException.NotFound.class, (title, e) -> KumaError.of(404, title, "Not found")),
            row(ApiException.BadRequest.class, (title, e) -> KumaError.of(400, "Bad Request", e.getMessage())),
            row(ApiException.Invalid.class, (title, e) -> KumaError.of(400, title, e.getMessage(), e.violations())),
            row(
                    ApiException.InvalidPageSize.class,
                    (title, e) -> KumaError.of(
                            400, title, "Invalid page size", List.of(new Violation("size", e.getMessage())))),
            row(
                    ApiException.InvalidArgument.class,
                    (title, e) -> KumaError.of(400, title, "invalid: " + e.getMessage())),
            row(
                    InvalidInsightParamsException.class,
                    (title, e) -> KumaError.of(400, title, e.getMessage(), e.violations())),
            row(IssuerDisabledException.class, (title, e) -> KumaError.of(400, title, e.getMessage())),
            row(MeshNotFoundException.class, (title, e) -> KumaError.of(404, title, "Not found")),
            row(
                    SigningKeyException.NotFound.class,
                    (title, e) -> KumaError.of(404, "Signing Key not found", e.getMessage())),
            row(ApiException.AccessDenied.class, (title, e) -> KumaError.of(403, "Access Denied", e.getMessage())),
            row(AccessDeniedException.class, (title, e) -> KumaError.of(403, "Access Denied", e.getMessage())),
            row(UnauthenticatedException.class, ErrorMapper::unauthenticated),
            row(
                    ApiException.MethodNotAllowed.class,
                    (title, e) -> KumaError.of(405, "Method not allowed", e.getMessage())),
            row(ApiException.Conflict.class, (title, e) -> KumaError.of(409, "Conflict", e.getMessage())),
            row(StoreException.AlreadyExists.class, (title, e) -> KumaError.of(409, "Conflict", e.getMessage())),
            row(StoreException.Conflict.class, (title, e) -> KumaError.of(409, "Conflict", e.getMessage())),
            row(
                    ApiException.PayloadTooLarge.class,
                    (title, e) -> KumaError.of(413, "Payload Too Large", e.getMessage())),
            row(ApiException.CaUnavailable.class, (title, e) -> KumaError.of(503, title, e.getMessage())),
            row(
                    DataplaneCertificates.BackingOffException.class,
                    (title, e) -> KumaError.of(503, title, e.getMessage())),
            row(SigningKeyException.Unusable.class, (title, e) -> KumaError.of(503, title, e.getMessage())),
            row(ApiException.Unavailable.class, ErrorMapper::storeUnavailable),
            row(StoreException.Unavailable.class, ErrorMapper::storeUnavailable)));

    @ServerExceptionMapper(priority = 1)
    public Response map(Throwable failure) {
        return toResponse(failure);
    }

    /** Builds the response for a failure; usable outside JAX-RS (e.g. a pre-matching filter). */
    public static Response toResponse(Throwable failure) {
        return TABLE.toResponse(failure);
    }

    /** Kuma's body for a failure. */
    public static KumaError toError(Throwable failure) {
        return TABLE.toError(failure);
    }

    /** The reason goes to the debug log only: a client learns nothing about why its token failed. */
    private static KumaError unauthenticated(String title, UnauthenticatedException e) {
        LOG.debugf("authentication rejected: %s", e.getMessage());
        return KumaError.of(401, "Invalid authentication data", "Unauthenticated");
    }

    private static KumaError storeUnavailable(String title, RuntimeException e) {
        LOG.warnf("store unavailable: %s", e.getMessage());
        return KumaError.of(503, title, "The store is unavailable; retry later");
    }
}
