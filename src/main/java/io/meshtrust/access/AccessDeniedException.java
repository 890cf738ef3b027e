package io.meshtrust.access;

/**
 * The caller is known but may not do this (Kuma's {@code pkg/core/rest/errors/types/errors.go}, {@code AccessDeniedError});
 * {@code http/ErrorMapper} makes it a 403 titled {@code Access Denied} with the message as detail, so the message says
 * who was refused what and how to be allowed.
 */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
