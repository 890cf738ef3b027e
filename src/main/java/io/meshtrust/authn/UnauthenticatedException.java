package io.meshtrust.authn;

/**
 * A presented credential was refused (Kuma's {@code pkg/core/rest/errors/types/errors.go}, {@code Unauthenticated});
 * {@code http/ErrorMapper} makes it Kuma's 401 body and logs the message at debug level only: a client learns nothing
 * about why its token failed, and the message never contains the credential.
 */
public final class UnauthenticatedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String reasonForLog) {
        super(reasonForLog, null, false, false);
    }
}
