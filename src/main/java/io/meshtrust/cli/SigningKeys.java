package io.meshtrust.cli;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** Signing keys on disk as kumactl reads and writes them: PEM {@code RSA PRIVATE KEY} (PKCS#1) only. */
final class SigningKeys {

    private SigningKeys() {}

    /** A new RSA-2048 signing key as PKCS#1 PEM ({@code util_rsa.GenerateKey} + {@code FromPrivateKeyToPEMBytes}). */
    static String generatePem() {
        return PemCodec.encodePrivateKey(RsaKeys.generate(RsaKeys.SIGNING_KEY_BITS));
    }

    /**
     * Reads {@code --signing-key-path}.
     *
     * @throws CliException {@code could not read a signing key file: …} or, for anything but PEM
     *     {@code RSA PRIVATE KEY}, {@code provided file is not a PEM-encoded signing key} (docs/kuma-tokens.md §15)
     */
    static RSAPrivateCrtKey read(String path) {
        String pem;
        try {
            pem = Files.readString(Path.of(path));
        } catch (NoSuchFileException e) {
            throw new CliException("could not read a signing key file: open " + path + ": no such file or directory");
        } catch (IOException | RuntimeException e) {
            throw new CliException("could not read a signing key file: " + path + ": " + e.getMessage());
        }
        try (var reader = new PemReader(new StringReader(pem))) {
            PemObject block = reader.readPemObject();
            if (block == null || !"RSA PRIVATE KEY".equals(block.getType())) {
                throw new CliException("provided file is not a PEM-encoded signing key");
            }
            return RsaKeys.parseSigningKey(pem);
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("provided file is not a PEM-encoded signing key");
        }
    }

    /** PKCS#1 {@code RSA PUBLIC KEY} PEM with a trailing newline, as {@code openssl rsa -RSAPublicKey_out}. */
    static String publicKeyPem(RSAPrivateCrtKey key) {
        RSAPublicKey pub = RsaKeys.publicKeyOf(key);
        try {
            byte[] der =
                    new org.bouncycastle.asn1.pkcs.RSAPublicKey(pub.getModulus(), pub.getPublicExponent()).getEncoded();
            var out = new StringWriter();
            try (var writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("RSA PUBLIC KEY", der));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
