package io.meshtrust.signingkeys;

import io.meshtrust.crypto.PemException;
import io.meshtrust.crypto.RsaKeys;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * What a signing-key secret must hold, checked in one place for every reader: role validation on write, issuing
 * ({@link SigningKeyManager#latest}) and verification ({@link SigningKeyAccessor}). Kuma stores PEM
 * {@code RSA PRIVATE KEY} (PKCS#1) of 2048 bits and reads nothing else as PEM ({@code pkg/util/rsa/pem.go},
 * docs/kuma-tokens.md §6.2); PKCS#8 and EC keys fail there too. Kuma has no size check; meshtrust refuses keys under 2048
 * bits (forgeable tokens) and over 8192 (each signature would cost seconds). Kuma's legacy raw-DER fallback is not
 * read by meshtrust, so it is not accepted either. Private-key parsing: call it on the crypto worker.
 */
public final class SigningKeyData {

    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;
    static final String PKCS1 = "RSA PRIVATE KEY";

    private SigningKeyData() {}

    /** What the secret named {@code name} must hold, for messages. */
    public static String requirement(String name) {
        return name + " must hold a PEM-encoded RSA private key (PKCS#1 \"" + PKCS1 + "\", " + MIN_BITS + " to "
                + MAX_BITS + " bits, as kumactl generate signing-key writes)";
    }

    /**
     * Reads the key from a secret's bytes.
     *
     * @throws PemException whose message says what the bytes are instead ({@code not PEM}, {@code a CERTIFICATE
     *     block}, {@code a 512-bit RSA key}, …), never quoting them
     */
    public static RSAPrivateCrtKey read(byte[] data) throws PemException {
        if (data.length == 0) {
            throw new PemException("no data");
        }
        String text = new String(data, StandardCharsets.US_ASCII);
        PemObject block;
        try (var reader = new PemReader(new StringReader(text))) {
            block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new PemException("malformed PEM");
        }
        if (block == null) {
            throw new PemException("not PEM");
        }
        if (!PKCS1.equals(block.getType())) {
            throw new PemException(describe(block.getType()));
        }
        if (!block.getHeaders().isEmpty()) {
            throw new PemException("an encrypted " + PKCS1 + " block");
        }
        RSAPrivateCrtKey key;
        try {
            key = RsaKeys.parseSigningKey(text);
        } catch (PemException e) {
            throw new PemException("an " + PKCS1 + " block that cannot be decoded");
        }
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new PemException("a " + bits + "-bit RSA key");
        }
        return key;
    }

    private static String describe(String type) {
        return switch (type) {
            case "PRIVATE KEY" -> "a PKCS#8 \"PRIVATE KEY\" block (convert it with openssl rsa -traditional)";
            case "EC PRIVATE KEY" -> "an EC key, not RSA";
            default -> "a \"" + type.replaceAll("[^A-Z0-9 #]", "?") + "\" block";
        };
    }
}
