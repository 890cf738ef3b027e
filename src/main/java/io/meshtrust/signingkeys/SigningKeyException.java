package io.meshtrust.signingkeys;

/**
 * Why a token family cannot sign or verify with its signing key, as {@link SigningKeyManager} reports it;
 * {@code http/ErrorMapper} gives each case its Kuma body (Kuma's {@code pkg/core/tokens/signing_key.go},
 * {@code SigningKeyNotFound}). Messages name the key's secret and what to do, never its content.
 */
public abstract sealed class SigningKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SigningKeyException(String message) {
        super(message, null, false, false);
    }

    /** 404, title {@code Signing Key not found}: no key to sign with, or the token's key is gone. */
    public static final class NotFound extends SigningKeyException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    /**
     * 503: a stored signing-key secret holds data that cannot serve as a key, e.g. written before role validation or
     * straight into the database.
     */
    public static final class Unusable extends SigningKeyException {
        private static final long serialVersionUID = 1L;

        public Unusable(String message) {
            super(message);
        }
    }
}
