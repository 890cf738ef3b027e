package io.meshtrust.tokens;

/**
 * Issuing this family's tokens is switched off by configuration (Kuma's {@code pkg/core/tokens/issuer.go},
 * {@code IssuerDisabled}); {@code http/ErrorMapper} makes it a 400 with Kuma's message as detail.
 */
public final class IssuerDisabledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IssuerDisabledException() {
        super("issuing tokens using the control plane is disabled.", null, false, false);
    }
}
