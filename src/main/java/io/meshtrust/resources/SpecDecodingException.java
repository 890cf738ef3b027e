package io.meshtrust.resources;

/** A spec field has the wrong JSON type or an undecodable value; the message names the field. */
public class SpecDecodingException extends RuntimeException {

    public SpecDecodingException(String message) {
        super(message, null, false, false);
    }
}
