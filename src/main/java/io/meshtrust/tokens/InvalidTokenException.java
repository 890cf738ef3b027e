package io.meshtrust.tokens;

/**
 * A token was refused. The message is Kuma-like and meant for logs only: clients always get the same 401 body.
 * It never contains the token.
 */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
