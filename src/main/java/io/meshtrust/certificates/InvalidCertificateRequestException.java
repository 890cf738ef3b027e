package io.meshtrust.certificates;

/**
 * A certificate request that cannot be honoured, with the request field to blame ({@code csr} or {@code keyType}, or
 * {@code networking} when the Dataplane's tags give no identity or no valid URI), so the endpoint can report it as one
 * violation: {@code ApiException.Invalid.of(e.field(), e.getMessage())}.
 *
 * <p>The message says what to change. It never contains key material or the submitted PEM.
 */
public final class InvalidCertificateRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The request field holding the PEM PKCS#10 request. */
    public static final String CSR = "csr";
    /** The request field naming the key type to generate on the server. */
    public static final String KEY_TYPE = "keyType";
    /** The Dataplane's networking section, whose tags make the identity. */
    public static final String NETWORKING = "networking";

    private final String field;

    public InvalidCertificateRequestException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    static InvalidCertificateRequestException csr(String message) {
        return new InvalidCertificateRequestException(CSR, message);
    }

    static InvalidCertificateRequestException networking(String message) {
        return new InvalidCertificateRequestException(NETWORKING, message);
    }

    /** @return the request field the message is about: {@link #CSR}, {@link #KEY_TYPE} or {@link #NETWORKING} */
    public String field() {
        return field;
    }
}
