package io.meshtrust.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.testsupport.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The token security catalogue at the verifier level (issue 3, point 8), with Kuma's test keys and tokens built
 * independently of the issuer (raw JSON, JCA signatures).
 */
class TokenVerifierTest {

    static final PublicKey KUMA_PUBLIC = TestKeys.publicKey("publickey.pem");
    static final PrivateKey KUMA_PRIVATE = TestKeys.privateKey("samplekey.pem");
    static final KeyResolver KID_1 = kid -> kid.equals("1") ? Optional.of(KUMA_PUBLIC) : Optional.empty();
    static final String CLAIMS = "{\"Name\":\"john\",\"Groups\":[\"team-a\"],\"exp\":4000000000,\"nbf\":1700000000,"
            + "\"iat\":1700000000,\"jti\":\"j-1\"}";
    static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"1\",\"typ\":\"JWT\"}";

    final TokenVerifier verifier = new TokenVerifier(true);

    @Test
    void verifiesKumasDeterministicTokenWithPkcs1AndSpkiKeys() throws Exception {
        for (String file : new String[] {"publickey.pem", "publickey-pkix.pem"}) {
            PublicKey key = TestKeys.publicKey(file);
            VerifiedToken t =
                    verifier.verify(JwtTest.KUMA_TOKEN, kid -> Optional.of(key).filter(k -> kid.equals("1")));
            assertThat(t.claim("Name")).isEqualTo("john");
            assertThat(t.claim("Groups")).isEqualTo(List.of("team-a", "team-b"));
            assertThat(t.jti()).isEqualTo("0b7c3f4e-1d2a-4c5b-9e8f-123456789abc");
            assertThat(t.exp()).hasValue(1700003605L);
            t.checkTimes(1_700_000_000_000L);
            t.checkTimes(1_700_003_604_999L);
            assertThatThrownBy(() -> t.checkTimes(1_699_999_999_999L)).hasMessageContaining("valid_from");
            assertThatThrownBy(() -> t.checkTimes(1_700_003_605_000L)).hasMessageContaining("token is expired");
        }
    }

    @Test
    void acceptsLowerCaseClaimNamesAsGoDoes() throws Exception {
        String token = rs256(HEADER, "{\"name\":\"jane\",\"groups\":[\"g\"],\"exp\":4000000000}", KUMA_PRIVATE);
        assertThat(verifier.verify(token, KID_1).claim("Name")).isEqualTo("jane");
    }

    @Test
    void rejectsAlgNone() {
        String unsigned = b64("{\"alg\":\"none\",\"kid\":\"1\"}") + "." + b64(CLAIMS);
        assertRejected(unsigned + ".", "signature segment is empty");
        assertRejected(unsigned + "." + b64("x"), "Allowed algorithm is RS256");
    }

    @Test
    void rejectsHs256SignedWithThePublicKeyAsSecret() throws Exception {
        String input = b64("{\"alg\":\"HS256\",\"kid\":\"1\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                TestKeys.resource("publickey.pem").getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String token = input + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertRejected(token, "Allowed algorithm is RS256");
    }

    @Test
    void rejectsOtherRsaAndEcAlgorithms() throws Exception {
        assertRejected(signed("RS384", "SHA384withRSA", KUMA_PRIVATE), "Allowed algorithm is RS256");
        assertRejected(signed("RS512", "SHA512withRSA", KUMA_PRIVATE), "Allowed algorithm is RS256");
        var pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        assertRejected(signedWith("PS256", pss, KUMA_PRIVATE), "Allowed algorithm is RS256");
        var ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        assertRejected(
                signed("ES256", "SHA256withECDSA", ec.generateKeyPair().getPrivate()), "Allowed algorithm is RS256");
    }

    @Test
    void rejectsMissingNonStringUnknownAndInjectedKids() throws Exception {
        assertRejected(rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", CLAIMS, KUMA_PRIVATE), "must have kid header");
        assertRejected(rs256("{\"alg\":\"RS256\",\"kid\":1337}", CLAIMS, KUMA_PRIVATE), "kid header must be a string");
        assertRejected(rs256("{\"alg\":\"RS256\",\"kid\":\"2\"}", CLAIMS, KUMA_PRIVATE), "no signing key with KID 2");
        assertRejected(rs256("{\"alg\":\"RS256\",\"kid\":\"../../1\"}", CLAIMS, KUMA_PRIVATE), "no signing key");
        assertRejected(
                rs256("{\"alg\":\"RS256\",\"kid\":\"" + "9".repeat(5000) + "\"}", CLAIMS, KUMA_PRIVATE),
                "no signing key");
        assertRejected(rs256("{\"alg\":\"RS256\",\"kid\":\"ключ\"}", CLAIMS, KUMA_PRIVATE), "no signing key");
    }

    @Test
    void kuma_validator_kid_test_numericKidDoesNotCrash() {
        String token =
                b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":1337}") + "." + b64("{}") + "." + b64("signature");
        assertRejected(token, "kid header must be a string");
    }

    @Test
    void rejectsTokensWithoutExpUnlessAllowed() throws Exception {
        String token = rs256(HEADER, "{\"Name\":\"john\",\"nbf\":1700000000}", KUMA_PRIVATE);
        assertRejected(token, "no exp claim");
        VerifiedToken t = new TokenVerifier(false).verify(token, KID_1);
        assertThat(t.exp()).isEmpty();
        t.checkTimes(Long.MAX_VALUE / 2);
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        assertThatThrownBy(() -> new TokenVerifier(false).verify(forged, KID_1))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void rejectsTamperedPayloadAndSignature() throws Exception {
        String token = rs256(HEADER, CLAIMS, KUMA_PRIVATE);
        String[] p = token.split("\\.");
        String tamperedPayload = p[0] + "." + b64(CLAIMS.replace("john", "admin")) + "." + p[2];
        assertRejected(tamperedPayload, "could not parse token");
        char last = p[2].charAt(10);
        String tamperedSignature =
                p[0] + "." + p[1] + "." + p[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + p[2].substring(11);
        assertRejected(tamperedSignature, "could not parse token");
    }

    @Test
    void rejectsATokenSignedByAnotherKeyUnderAKnownKid() throws Exception {
        String token = rs256(HEADER, CLAIMS, TestKeys.privateKey("samplekey-2.pem"));
        assertRejected(token, "could not parse token");
    }

    @Test
    void rejectsMalformedTokens() {
        assertRejected("abc", "invalid number of segments");
        assertRejected("a.b.c.d", "invalid number of segments");
        assertRejected("!!!." + b64(CLAIMS) + ".sig", "malformed");
        assertRejected(b64("{not json") + "." + b64(CLAIMS) + ".sig", "malformed");
        assertRejected(b64(HEADER) + "." + b64("[1,2]") + ".sig", "malformed");
        assertRejected("", "empty");
        assertRejected("a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1), "longer than");
    }

    @Test
    void rejectsWrongTypedTimeClaims() throws Exception {
        assertRejected(rs256(HEADER, "{\"Name\":\"x\",\"exp\":\"tomorrow\"}", KUMA_PRIVATE), "could not parse token");
    }

    private void assertRejected(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token, KID_1))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(reason);
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String rs256(String header, String claims, PrivateKey key) throws Exception {
        return signedWith(header, claims, Signature.getInstance("SHA256withRSA"), key);
    }

    private static String signed(String alg, String jca, PrivateKey key) throws Exception {
        return signedWith(alg, Signature.getInstance(jca), key);
    }

    private static String signedWith(String alg, Signature sig, PrivateKey key) throws Exception {
        return signedWith("{\"alg\":\"" + alg + "\",\"kid\":\"1\",\"typ\":\"JWT\"}", CLAIMS, sig, key);
    }

    private static String signedWith(String header, String claims, Signature sig, PrivateKey key) throws Exception {
        String input = b64(header) + "." + b64(claims);
        sig.initSign(key);
        sig.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig.sign());
    }
}
