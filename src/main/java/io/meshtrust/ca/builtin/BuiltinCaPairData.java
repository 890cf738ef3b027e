package io.meshtrust.ca.builtin;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Optional;

/**
 * What the two secrets of a builtin CA must hold (docs/kuma-ca-insights.md §2.3): {@code <mesh>.ca-builtin-cert-<backend>} a
 * PEM CA certificate, {@code <mesh>.ca-builtin-key-<backend>} its PEM private key, read as the CA's material loader
 * reads them ({@link PemCodec}). Whether the two belong together is left to that loader, which sees both: checking
 * it on write would refuse the first half of every pair replaced one secret at a time (e.g. an export applied to a
 * mesh whose root was just generated). Private-key parsing: call it on the crypto worker.
 */
public final class BuiltinCaPairData {

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;

    private BuiltinCaPairData() {}

    /** The backend whose CA certificate a Secret of {@code mesh} named {@code name} is, if it is one. */
    public static Optional<String> certBackend(String mesh, String name) {
        return backend(mesh + ".ca-builtin-cert-", name);
    }

    /** The backend whose CA key a Secret of {@code mesh} named {@code name} is, if it is one. */
    public static Optional<String> keyBackend(String mesh, String name) {
        return backend(mesh + ".ca-builtin-key-", name);
    }

    public static String certRequirement(String name) {
        return name + " must hold the PEM-encoded CA certificate (basicConstraints CA:TRUE) of a builtin CA";
    }

    public static String keyRequirement(String name) {
        return name + " must hold the PEM-encoded private key of a builtin CA (RSA " + MIN_RSA_BITS + " to "
                + MAX_RSA_BITS + " bits, or EC)";
    }

    /** What is wrong with a CA certificate secret's bytes, if anything. */
    public static Optional<String> certificateProblem(byte[] data) {
        if (data.length == 0) {
            return Optional.of("no data");
        }
        X509Certificate ca;
        try {
            ca = PemCodec.parseCertificates(new String(data, StandardCharsets.US_ASCII))
                    .get(0);
        } catch (PemException e) {
            return Optional.of(e.getMessage());
        }
        if (ca.getBasicConstraints() < 0) {
            return Optional.of("a certificate that is not a CA (no basicConstraints CA:TRUE)");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && (usage.length <= 5 || !usage[5])) {
            return Optional.of("a CA certificate whose key usage lacks keyCertSign");
        }
        return Optional.empty();
    }

    /** What is wrong with a CA key secret's bytes, if anything. */
    public static Optional<String> keyProblem(byte[] data) {
        if (data.length == 0) {
            return Optional.of("no data");
        }
        PrivateKey key;
        try {
            key = PemCodec.parsePrivateKey(new String(data, StandardCharsets.US_ASCII));
        } catch (PemException e) {
            return Optional.of(e.getMessage());
        }
        if (key instanceof RSAPrivateKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < MIN_RSA_BITS || bits > MAX_RSA_BITS
                    ? Optional.of("a " + bits + "-bit RSA key")
                    : Optional.empty();
        }
        return key instanceof ECPrivateKey ? Optional.empty() : Optional.of("a " + key.getAlgorithm() + " key");
    }

    private static Optional<String> backend(String prefix, String name) {
        return name.startsWith(prefix) && name.length() > prefix.length()
                ? Optional.of(name.substring(prefix.length()))
                : Optional.empty();
    }
}
