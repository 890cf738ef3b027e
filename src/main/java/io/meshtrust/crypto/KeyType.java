package io.meshtrust.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * Key types of Kuma's self-signed certificates ({@code kumactl generate tls-certificate --key-type}).
 *
 * <p>RSA key generation costs tens to hundreds of milliseconds: never call {@link #generate()} on an event loop.
 */
public enum KeyType {
    /** RSA 2048 bits, Kuma's default ({@code util_rsa.DefaultKeySize}). */
    rsa,
    /** ECDSA on P-256. */
    ecdsa;

    /** RSA modulus size used by Kuma for control-plane certificates. */
    public static final int RSA_BITS = 2048;

    /**
     * Generates a fresh key pair of this type.
     *
     * @return a new key pair
     * @throws IllegalStateException when the JCA provider lacks the algorithm (not expected on a standard JDK)
     */
    public KeyPair generate() {
        try {
            return switch (this) {
                case rsa -> {
                    var generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(RSA_BITS);
                    yield generator.generateKeyPair();
                }
                case ecdsa -> {
                    var generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    yield generator.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }

    /**
     * Parses a key type the way kumactl does.
     *
     * @param value {@code rsa} or {@code ecdsa}
     * @return the key type
     * @throws IllegalArgumentException with Kuma's message {@code invalid key type "<value>"}
     */
    public static KeyType parse(String value) {
        for (KeyType type : values()) {
            if (type.name().equals(value.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("invalid key type \"" + value + "\"");
    }
}
