package io.meshtrust.ca;

/**
 * The mesh whose CA was asked for does not exist. Not a {@link CaException}: the CA did not fail, the request named
 * nothing, so minting neither counts nor backs off for it ({@code certificates/DataplaneCertificates.isCaFailure}).
 * {@code http/ErrorMapper} makes it Kuma's 404 with detail {@code Not found}.
 */
public final class MeshNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MeshNotFoundException() {
        super("Not found", null, false, false);
    }
}
