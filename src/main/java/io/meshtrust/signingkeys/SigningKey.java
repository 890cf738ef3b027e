package io.meshtrust.signingkeys;

import java.security.interfaces.RSAPrivateCrtKey;

/** The key that signs new tokens of a family, with the {@code kid} tokens carry. */
public record SigningKey(String kid, RSAPrivateCrtKey privateKey) {

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + "]"; // never the key
    }
}
