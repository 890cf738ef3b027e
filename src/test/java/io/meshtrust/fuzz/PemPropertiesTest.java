package io.meshtrust.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.api.Violation;
import io.meshtrust.ca.provided.CaCertValidator;
import io.meshtrust.certificates.CertificateRequests;
import io.meshtrust.certificates.InvalidCertificateRequestException;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import io.meshtrust.testsupport.Csrs;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every PEM reader that takes outside input, on random and mutated input: {@link PemCodec} (provided-CA secrets),
 * {@link CertificateRequests} (CSR minting) and the provided-CA pair check. Each answers a value or its declared
 * refusal ({@link PemException}, {@link InvalidCertificateRequestException} on field {@code csr}, violations), never
 * another exception, and never echoes the input.
 */
class PemPropertiesTest {

    private static String ecCsr;
    private static String rsaCsr;
    private static KeyPair ecKeys;

    @BeforeContainer
    static void requests() {
        ecKeys = Csrs.ec("secp256r1");
        ecCsr = Csrs.pem(ecKeys);
        rsaCsr = Csrs.pem(Csrs.rsa(2048));
    }

    @Provide
    Arbitrary<String> pemLike() {
        Arbitrary<String> mutatedFile =
                Arbitraries.of(Fixtures.PEM_FILES).map(Fixtures::text).flatMap(Mutations::mutatedText);
        Arbitrary<String> randomBlock = Arbitraries.oneOf(
                        Arbitraries.of(
                                "CERTIFICATE",
                                "RSA PRIVATE KEY",
                                "PRIVATE KEY",
                                "EC PRIVATE KEY",
                                "CERTIFICATE REQUEST",
                                "X"),
                        Mutations.hostileString())
                .flatMap(type ->
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(600).map(body -> block(type, body)));
        return Arbitraries.oneOf(
                mutatedFile,
                randomBlock,
                Mutations.hostileString(),
                Arbitraries.strings().ofMaxLength(200));
    }

    @Property
    void certificateReaderGivesCertificatesOrPemException(@ForAll("pemLike") String pem) {
        try {
            assertThat(PemCodec.parseCertificates(pem)).isNotEmpty();
        } catch (PemException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(pem.length() > 8 ? pem : "\u0000-none-");
        }
    }

    @Property
    void privateKeyReaderGivesAKeyOrPemException(@ForAll("pemLike") String pem) {
        try {
            assertThat(PemCodec.parsePrivateKey(pem)).isNotNull();
        } catch (PemException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void providedCaCheckGivesViolationsOrNone(@ForAll("pemLike") String cert, @ForAll("pemLike") String key) {
        List<Violation> violations = validatePair(cert, key);
        violations.forEach(v -> assertThat(v.message()).isNotBlank());
    }

    @Property
    void providedCaCheckAcceptsKumasPairAfterAMutationOnlyIfStillAPair(@ForAll("mutatedCaCert") String cert) {
        List<Violation> violations = validatePair(cert, Fixtures.text("/pem/kuma-ca.key"));
        violations.forEach(v -> assertThat(v.field()).startsWith("cert"));
    }

    @Provide
    Arbitrary<String> mutatedCaCert() {
        return Mutations.mutatedText(Fixtures.text("/pem/kuma-ca.pem"));
    }

    /** Found by the property above at 3,000 tries: a key algorithm OID Bouncy Castle does not know gives a null key. */
    @Example
    void aCertificateWhoseKeyAlgorithmIsUnknownIsACertViolation() {
        String cert = Fixtures.text("/pem/kuma-ca-unknown-key-algorithm.pem");
        assertThatThrownBy(() -> PemCodec.parseCertificates(cert))
                .isInstanceOf(PemException.class)
                .hasMessage("a CERTIFICATE block holds a public key that does not decode");
        List<Violation> violations = validatePair(cert, Fixtures.text("/pem/kuma-ca.key"));
        assertThat(violations).isNotEmpty();
        violations.forEach(v -> assertThat(v.field()).startsWith("cert"));
    }

    @Example
    void providedCaCheckAcceptsKumasUnmutatedPair() {
        assertThat(validatePair(Fixtures.text("/pem/kuma-ca.pem"), Fixtures.text("/pem/kuma-ca.key")))
                .isEmpty();
    }

    @Provide
    Arbitrary<String> csrLike() {
        Arbitrary<String> mutatedPem = Arbitraries.of(ecCsr, rsaCsr).flatMap(Mutations::mutatedText);
        Arbitrary<String> mutatedDer = Arbitraries.of(ecCsr, rsaCsr)
                .map(PemPropertiesTest::der)
                .flatMap(Mutations::mutatedBytes)
                .map(Csrs::pem);
        return Arbitraries.oneOf(mutatedPem, mutatedDer, pemLike());
    }

    @Property
    void csrReaderGivesAKeyOrACsrViolation(@ForAll("csrLike") String pem) {
        try {
            PublicKey key = CertificateRequests.parse(pem);
            assertThat(key.getAlgorithm()).isIn("RSA", "EC");
        } catch (InvalidCertificateRequestException e) {
            assertThat(e.field()).isEqualTo("csr");
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** A DER mutation that still parses must not change the key it proves possession of. */
    @Property
    void aMutatedEcRequestIsRefusedOrCarriesTheSameKey(@ForAll("mutatedEcDer") byte[] der) {
        try {
            assertThat(CertificateRequests.parse(Csrs.pem(der)).getEncoded())
                    .isEqualTo(ecKeys.getPublic().getEncoded());
        } catch (InvalidCertificateRequestException e) {
            assertThat(e.field()).isEqualTo("csr");
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedEcDer() {
        return Mutations.mutatedBytes(der(ecCsr));
    }

    @Example
    void csrReaderAcceptsTheUnmutatedRequests() {
        assertThat(CertificateRequests.parse(ecCsr).getAlgorithm()).isEqualTo("EC");
        assertThat(CertificateRequests.parse(rsaCsr).getAlgorithm()).isEqualTo("RSA");
    }

    private static List<Violation> validatePair(String cert, String key) {
        return CaCertValidator.validate(
                cert.getBytes(StandardCharsets.ISO_8859_1), key.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String block(String type, byte[] body) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(body) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
