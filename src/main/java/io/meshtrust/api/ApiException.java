package io.meshtrust.api;

import java.util.List;

/**
 * Domain failures that reach a client, each mapped to one row of Kuma's error table ({@code http/ErrorMapper}).
 * Messages are written for the person reading the response: they say what to change.
 */
public abstract sealed class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message, null, false, false);
    }

    /** Kuma's ValidationError: 400, detail {@code Resource is not valid}, with the violations. */
    public static final class Invalid extends ApiException {
        private final List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super("Resource is not valid");
            this.violations = List.copyOf(violations);
        }

        public static Invalid of(String field, String message) {
            return new Invalid(List.of(new Violation(field, message)));
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** The body could not be decoded: 400, title {@code Bad Request}. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** A bad {@code size} query parameter: 400, detail {@code Invalid page size}. */
    public static final class InvalidPageSize extends ApiException {
        public InvalidPageSize(String reason) {
            super(reason);
        }
    }

    /** A store-level invalid argument such as a bad offset: 400, detail {@code invalid: <reason>}. */
    public static final class InvalidArgument extends ApiException {
        public InvalidArgument(String reason) {
            super(reason);
        }
    }

    /** 404 with detail {@code Not found}. */
    public static final class NotFound extends ApiException {
        public NotFound() {
            super("Not found");
        }
    }

    /** 403, title {@code Access Denied}. */
    public static final class AccessDenied extends ApiException {
        public AccessDenied(String message) {
            super(message);
        }
    }

    /** 405, e.g. a write in read-only mode. */
    public static final class MethodNotAllowed extends ApiException {
        public MethodNotAllowed(String message) {
            super(message);
        }
    }

    /** 409, title {@code Conflict}. */
    public static final class Conflict extends ApiException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** 413: the body is larger than the limit. */
    public static final class PayloadTooLarge extends ApiException {
        public PayloadTooLarge(String message) {
            super(message);
        }
    }

    /** 503: the store cannot be reached; retrying later may work. */
    public static final class Unavailable extends ApiException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** A mesh's CA cannot be used right now (its secret is missing or unreadable): 503 with what to fix. */
    public static final class CaUnavailable extends ApiException {
        public CaUnavailable(String message) {
            super(message);
        }
    }
}
