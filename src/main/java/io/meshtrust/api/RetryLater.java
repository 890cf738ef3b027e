package io.meshtrust.api;

/**
 * A failure that knows when a retry may work: {@link ErrorTable} sends it as HTTP's {@code Retry-After}, whichever
 * row gives the body. A domain exception implements it instead of naming a status.
 */
public interface RetryLater {

    /** The wait in whole seconds, at least 1. */
    long retryAfterSeconds();
}
