package io.meshtrust.authn;

/**
 * A presented credential was refused. The message is for the debug log only (clients get Kuma's 401 body) and never
 * contains the credential.
 */
public class InvalidCredentialException extends Exception {

    public InvalidCredentialException(String reason) {
        super(reason, null, false, false);
    }
}
