package io.meshtrust.certificates;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Server-key mode of the certificate endpoint ({@code {}} or {@code {"keyType": ...}}): the control plane generates the
 * dataplane's key, returns it once with the certificate and never stores it. RSA-2048 is the default because it is
 * Kuma's leaf key (docs/kuma-ca-insights.md §4.2); the PEM is Kuma's too: PKCS#1 {@code RSA PRIVATE KEY}, SEC1
 * {@code EC PRIVATE KEY}.
 *
 * <p>Key generation is private-key work (RSA-2048 takes tens to hundreds of milliseconds): run it on the crypto
 * worker, outside any transaction.
 */
public final class DataplaneKeys {

    /** The key types a client may ask for, by their JSON name. */
    public enum ServerKeyType {
        /** RSA with a 2048-bit modulus, Kuma's leaf key; the default. */
        RSA2048("rsa2048"),
        /** ECDSA on NIST P-256 (secp256r1). */
        ECDSA_P256("ecdsa-p256");

        private final String json;

        ServerKeyType(String json) {
            this.json = json;
        }

        /** @return the name used in JSON, e.g. {@code rsa2048} */
        public String json() {
            return json;
        }

        /**
         * Reads the request's {@code keyType}, case-insensitively.
         *
         * @param value the JSON value; {@code null} or empty selects {@link #RSA2048}
         * @return the key type
         * @throws InvalidCertificateRequestException on field {@code keyType}, listing the allowed values, for anything
         *     else
         */
        public static ServerKeyType fromJson(String value) {
            if (value == null || value.isEmpty()) {
                return RSA2048;
            }
            for (ServerKeyType type : values()) {
                if (type.json.equalsIgnoreCase(value)) {
                    return type;
                }
            }
            String shown = value.length() > 32 ? value.substring(0, 32) + "…" : value;
            throw new InvalidCertificateRequestException(
                    InvalidCertificateRequestException.KEY_TYPE,
                    "unsupported key type \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\": must be one of " + allowed()
                            + " (or omitted for " + RSA2048.json + ")");
        }

        private static String allowed() {
            return Arrays.stream(values()).map(ServerKeyType::json).collect(Collectors.joining(", "));
        }
    }

    private DataplaneKeys() {}

    /**
     * Generates a fresh key pair. Blocking CPU work: call on the crypto worker.
     *
     * @throws IllegalStateException when the JCA lacks the algorithm (not expected on a standard JDK)
     */
    public static KeyPair generate(ServerKeyType type) {
        return switch (type) {
            case RSA2048 -> RsaKeys.generate(2048);
            case ECDSA_P256 -> {
                try {
                    var generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    yield generator.generateKeyPair();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("EC P-256 key generation is not available", e);
                }
            }
        };
    }

    /** @return the private key as Kuma writes it: PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY} */
    public static String privateKeyPem(KeyPair keys) {
        return PemCodec.encodePrivateKey(keys);
    }
}
