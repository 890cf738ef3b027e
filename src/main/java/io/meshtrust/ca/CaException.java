package io.meshtrust.ca;

/**
 * Why a mesh's CA cannot be used for minting, as the CA domain reports it; each endpoint translates these to Kuma's
 * error bodies in one place. The subclasses stay nested in {@link CaMaterialCache}, where callers have always found
 * them.
 */
public abstract sealed class CaException extends RuntimeException
        permits CaMaterialCache.CaUnavailableException, CaMaterialCache.MtlsDisabledException {

    private static final long serialVersionUID = 1L;

    CaException(String message) {
        super(message, null, false, false);
    }
}
