package io.meshtrust.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The valid inputs the fuzz suite mutates: PEM files from {@code src/test/resources/pem} and Kuma's fixtures. */
public final class Fixtures {

    /** Certificates, keys (PKCS#1, PKCS#8, SEC1, encrypted) and chains, by classpath resource name. */
    public static final List<String> PEM_FILES = List.of(
            "/pem/kuma-ca.pem",
            "/pem/kuma-ca.key",
            "/pem/kuma-ca-pkcs8.key",
            "/pem/kuma-ca-encrypted.key",
            "/pem/ec.pem",
            "/pem/ec-pkcs8.key",
            "/pem/ec-sec1-with-params.key",
            "/kuma/provided-ca/intermediate-chain.pem",
            "/kuma/provided-ca/intermediate-ca.key",
            "/kuma/provided-ca/root-ca.pem",
            "/kuma/keys/samplekey.pem",
            "/kuma/keys/publickey.pem");

    private Fixtures() {}

    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
