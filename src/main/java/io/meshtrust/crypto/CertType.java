package io.meshtrust.crypto;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** Certificate types of Kuma's self-signed certificates: they differ only in the extended key usage. */
public enum CertType {
    /** EKU {@code serverAuth}: TLS listeners such as the API server's HTTPS port. */
    server(KeyPurposeId.id_kp_serverAuth),
    /** EKU {@code clientAuth}: admin client certificates ({@code KUMA_API_SERVER_AUTH_CLIENT_CERTS_DIR}). */
    client(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId keyPurpose;

    CertType(KeyPurposeId keyPurpose) {
        this.keyPurpose = keyPurpose;
    }

    /** @return the extended key usage this type puts in the certificate */
    public KeyPurposeId keyPurpose() {
        return keyPurpose;
    }

    /**
     * Parses a certificate type the way kumactl does.
     *
     * @param value {@code server} or {@code client}
     * @return the certificate type
     * @throws IllegalArgumentException with Kuma's message {@code invalid certificate type "<value>"}
     */
    public static CertType parse(String value) {
        for (CertType type : values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("invalid certificate type \"" + value + "\"");
    }
}
