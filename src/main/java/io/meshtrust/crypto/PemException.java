package io.meshtrust.crypto;

/**
 * PEM input that cannot be used: no block of the expected kind, malformed encoding, an encrypted key.
 *
 * <p>Messages describe the problem only; they never quote the input, since the input may be key material.
 */
public class PemException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, without any of the input */
    public PemException(String message) {
        super(message);
    }
}
