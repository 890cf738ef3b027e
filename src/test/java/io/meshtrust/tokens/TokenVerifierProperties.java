package io.meshtrust.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshtrust.testsupport.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the token parser/verifier (issue 13, point 8). Random edits of a valid token (bit flips,
 * character edits, padding, the {@code +/} alphabet, whitespace, non-canonical trailing bits, truncation, extra or
 * missing segments, header edits: {@code alg} none/HS256/RS512/ES256, unknown or non-string {@code kid}, {@code crit},
 * {@code b64=false}, {@code jku/jwk/x5u}, huge or deeply nested or non-object JSON, duplicate keys, in header and
 * claims, kept with the original signature or re-signed by another key) never validate unless the result is
 * byte-identical to the valid token, and always fail with {@link InvalidTokenException}: any other exception would be a
 * 500 upstream. The positive property (fresh tokens with random claims validate) keeps the test able to fail both
 * ways. Tries come from {@code -Dfuzz.tries}.
 */
class TokenVerifierProperties {

    static final PublicKey KEY = TestKeys.publicKey("publickey.pem");
    static final PrivateKey SIGNER = TestKeys.privateKey("samplekey.pem");
    static final PrivateKey ATTACKER = TestKeys.privateKey("samplekey-2.pem");
    static final KeyResolver KID_1 = kid -> kid.equals("1") ? Optional.of(KEY) : Optional.empty();
    static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"1\",\"typ\":\"JWT\"}";
    static final String CLAIMS = "{\"Name\":\"john\",\"Groups\":[\"team-a\"],\"exp\":4000000000,\"nbf\":1700000000,"
            + "\"iat\":1700000000,\"jti\":\"j-1\"}";
    static final String VALID = rs256(HEADER, CLAIMS, SIGNER);
    static final String INSERTS = " \t\r\n=+/.?#%*\\\"{}[]:,\u0000\u00e9\u2028\ud83d\ude00_-AZaz09";

    /** Refused by our rules even when signed by the right key. */
    static final List<String> RULE_HEADERS = List.of(
            "{\"alg\":\"none\",\"kid\":\"1\",\"typ\":\"JWT\"}",
            "{\"alg\":\"HS256\",\"kid\":\"1\",\"typ\":\"JWT\"}",
            "{\"alg\":\"RS512\",\"kid\":\"1\",\"typ\":\"JWT\"}",
            "{\"alg\":\"ES256\",\"kid\":\"1\",\"typ\":\"JWT\"}",
            "{\"alg\":\"PS256\",\"kid\":\"1\",\"typ\":\"JWT\"}",
            "{\"alg\":\"rs256\",\"kid\":\"1\"}",
            "{\"alg\":[\"RS256\"],\"kid\":\"1\"}",
            "{\"alg\":\"RS256\",\"kid\":\"2\",\"typ\":\"JWT\"}",
            "{\"alg\":\"RS256\",\"kid\":1,\"typ\":\"JWT\"}",
            "{\"alg\":\"RS256\",\"kid\":[\"1\"]}",
            "{\"alg\":\"RS256\"}",
            "{\"alg\":\"RS256\",\"kid\":\"1\",\"crit\":[\"exp\"],\"exp\":1}",
            "{\"alg\":\"RS256\",\"kid\":\"1\",\"b64\":false,\"crit\":[\"b64\"]}",
            "{\"alg\":\"RS256\",\"kid\":\"1\",\"b64\":false}",
            "{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"1\"}",
            "{\"alg\":\"RS256\",\"kid\":\"2\",\"kid\":\"1\"}",
            "{\"alg\":\"RS256\",\"kid\":\"1\"}{}",
            "\ufeff{\"alg\":\"RS256\",\"kid\":\"1\"}",
            "[\"RS256\"]",
            "\"RS256\"",
            "1",
            "null",
            "",
            "{",
            "{\"alg\":\"RS256\",\"kid\":\"1\",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}",
            "{\"alg\":\"RS256\",\"kid\":\"1\",\"x\":\"" + "a".repeat(20_000) + "\"}");

    /** Harmless when signed by the right key (key hints are never consulted); only an attacker's signature here. */
    static final List<String> HEADERS = concat(
            RULE_HEADERS,
            List.of(
                    "{\"alg\":\"RS256\",\"kid\":\"1\",\"jku\":\"https://evil.example/jwks\"}",
                    "{\"alg\":\"RS256\",\"kid\":\"1\",\"x5u\":\"https://evil.example/cert\"}",
                    "{\"alg\":\"RS256\",\"kid\":\"1\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}",
                    "{\"alg\":\"RS256\",\"kid\":\"1\"} ",
                    HEADER));

    /** Refused by our rules even when signed by the right key. */
    static final List<String> RULE_PAYLOADS = List.of(
            "{\"Name\":\"john\",\"Name\":\"admin\",\"exp\":4000000000}",
            "{\"Name\":\"john\",\"exp\":4000000000,\"x\":" + "{\"a\":".repeat(300) + "1" + "}".repeat(300) + "}",
            "{\"Name\":\"" + "x".repeat(20_000) + "\",\"exp\":4000000000}",
            "{\"Name\":\"john\",\"exp\":1e999999}",
            "{\"Name\":\"john\",\"exp\":" + "9".repeat(5000) + "}",
            "{\"Name\":\"john\",\"exp\":\"4000000000\"}",
            "{\"Name\":\"john\",\"exp\":null}",
            "{\"Name\":\"john\",\"exp\":4000000000}]",
            "[]",
            "\"claims\"",
            "42",
            "null",
            "",
            "{\"Name\":\"j\u00e9\"");

    static final List<String> PAYLOADS = concat(
            RULE_PAYLOADS,
            List.of(CLAIMS.replace("john", "admin"), "{\"Name\":\"john\",\"exp\":4000000000}  ", CLAIMS));

    final TokenVerifier verifier = new TokenVerifier(true);

    @Property
    void freshlyIssuedTokensWithRandomClaimsValidate(
            @ForAll("names") String name, @ForAll("groups") List<String> groups, @ForAll("kids") String kid)
            throws Exception {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Name", name);
        claims.put("Groups", groups);
        String token = Jwt.sign(
                Jwt.signingInput(kid, claims, Jwt.registeredClaims(1_700_000_000_000L, Duration.ofHours(1))), SIGNER);
        VerifiedToken verified = verifier.verify(token, k -> k.equals(kid) ? Optional.of(KEY) : Optional.empty());
        assertThat(verified.claim("Name")).isEqualTo(name);
        assertThat(verified.claim("Groups")).isEqualTo(groups);
        assertThat(verified.kid()).isEqualTo(kid);
        assertThat(TokenVerifier.verifyJws(token, k -> Optional.of(KEY)).signingInput())
                .isEqualTo(token.substring(0, token.lastIndexOf('.')));
    }

    @Property
    void mutatedTokensNeverValidateAndOnlyFailAsInvalidTokens(@ForAll("mutated") Mutated mutated) {
        String token = mutated.token();
        Throwable full = catchThrowable(() -> verifier.verify(token, KID_1));
        Throwable jws = catchThrowable(() -> TokenVerifier.verifyJws(token, KID_1));
        if (token.equals(VALID)) {
            assertThat(full).as(mutated.toString()).isNull();
            assertThat(jws).as(mutated.toString()).isNull();
        } else {
            assertThat(full).as(mutated.toString()).isInstanceOf(InvalidTokenException.class);
            if (jws != null) {
                assertThat(jws).as(mutated.toString()).isInstanceOf(InvalidTokenException.class);
            } else {
                // the JWS layer does not read claims: it may accept only Kuma's header with a genuine signature
                assertThat(token.substring(0, token.indexOf('.')))
                        .as(mutated.toString())
                        .isEqualTo(b64(HEADER));
                assertThat(independentlyVerified(token)).as(mutated.toString()).isTrue();
            }
            assertThat(full.getMessage()).as(mutated.toString()).doesNotContain(VALID.split("\\.")[2]);
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().ofMaxLength(60);
    }

    @Provide
    Arbitrary<List<String>> groups() {
        return Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> kids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<Mutated> mutated() {
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.of(Kind.values()),
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.integers().between(0, 1 << 20))
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(3).map(edits -> {
            String token = VALID;
            for (Edit e : edits) {
                token = e.apply(token);
            }
            return new Mutated(edits, token);
        });
    }

    enum Kind {
        BIT_FLIP,
        REPLACE_CHAR,
        INSERT_CHAR,
        DELETE_CHAR,
        TRUNCATE,
        PAD_SEGMENT,
        ALPHABET_SWAP,
        TRAILING_BITS,
        EXTRA_SEGMENT,
        DROP_SEGMENT,
        SWAP_SEGMENTS,
        HEADER_KEEP_SIGNATURE,
        HEADER_RESIGNED,
        CLAIMS_KEEP_SIGNATURE,
        CLAIMS_RESIGNED,
        HMAC_WITH_PUBLIC_KEY,
        SIGNATURE_FROM_OTHER_KEY
    }

    /** One edit; {@code a} and {@code b} are raw random numbers each kind reads as it needs. */
    record Edit(Kind kind, int a, int b) {
        String apply(String t) {
            String[] p = t.split("\\.", -1);
            int seg = a % Math.max(p.length, 1);
            return switch (kind) {
                case BIT_FLIP ->
                    t.isEmpty() ? t : replaceAt(t, a % t.length(), (char) (t.charAt(a % t.length()) ^ (1 << (b % 8))));
                case REPLACE_CHAR ->
                    t.isEmpty() ? t : replaceAt(t, a % t.length(), INSERTS.charAt(b % INSERTS.length()));
                case INSERT_CHAR -> {
                    int at = a % (t.length() + 1);
                    yield t.substring(0, at) + INSERTS.charAt(b % INSERTS.length()) + t.substring(at);
                }
                case DELETE_CHAR -> t.isEmpty() ? t : t.substring(0, a % t.length()) + t.substring(a % t.length() + 1);
                case TRUNCATE -> t.substring(0, a % (t.length() + 1));
                case PAD_SEGMENT -> {
                    p[seg] = p[seg] + "=".repeat(1 + b % 2);
                    yield String.join(".", p);
                }
                case ALPHABET_SWAP ->
                    b % 2 == 0 ? t.replace('-', '+').replace('_', '/') : t.replaceFirst("[-_]", b % 4 == 1 ? "+" : "/");
                case TRAILING_BITS -> {
                    String s = p[seg];
                    int unused = s.length() % 4 == 2 ? 4 : s.length() % 4 == 3 ? 2 : 0;
                    if (unused == 0 || s.isEmpty()) {
                        yield t;
                    }
                    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                    int v = alphabet.indexOf(s.charAt(s.length() - 1));
                    int changed = v < 0 ? v : (v & ~((1 << unused) - 1)) | (1 + b % ((1 << unused) - 1));
                    p[seg] = v < 0 ? s : s.substring(0, s.length() - 1) + alphabet.charAt(changed);
                    yield String.join(".", p);
                }
                case EXTRA_SEGMENT -> t + "." + (b % 2 == 0 ? "" : b64("{}"));
                case DROP_SEGMENT -> {
                    var list = new ArrayList<>(List.of(p));
                    list.remove(seg);
                    yield String.join(".", list);
                }
                case SWAP_SEGMENTS -> p.length < 2 ? t : String.join(".", swap(p, seg, (seg + 1 + b) % p.length));
                case HEADER_KEEP_SIGNATURE -> replaceSegment(p, 0, b64(HEADERS.get(b % HEADERS.size())));
                case HEADER_RESIGNED ->
                    a % 2 == 0
                            ? rs256(HEADERS.get(b % HEADERS.size()), CLAIMS, ATTACKER)
                            : rs256(RULE_HEADERS.get(b % RULE_HEADERS.size()), CLAIMS, SIGNER);
                case CLAIMS_KEEP_SIGNATURE -> replaceSegment(p, 1, b64(PAYLOADS.get(b % PAYLOADS.size())));
                case CLAIMS_RESIGNED ->
                    a % 2 == 0
                            ? rs256(HEADER, PAYLOADS.get(b % PAYLOADS.size()), ATTACKER)
                            : rs256(HEADER, RULE_PAYLOADS.get(b % RULE_PAYLOADS.size()), SIGNER);
                case HMAC_WITH_PUBLIC_KEY -> hs256WithPublicKey();
                case SIGNATURE_FROM_OTHER_KEY -> rs256(HEADER, CLAIMS, ATTACKER);
            };
        }
    }

    /** A mutated token and how it was made; the toString is what jqwik prints for a failing try. */
    record Mutated(List<Edit> edits, String token) {
        @Override
        public String toString() {
            return edits + " -> "
                    + (token.length() > 400 ? token.substring(0, 400) + "…(" + token.length() + ")" : token);
        }
    }

    static String rs256(String header, String claims, PrivateKey key) {
        try {
            String input = b64(header) + "." + b64(claims);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** JCA, not our code: is the last segment an RS256 signature by {@link #KEY} over the rest? */
    static boolean independentlyVerified(String token) {
        try {
            int dot = token.lastIndexOf('.');
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(KEY);
            s.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
        } catch (Exception e) {
            return false;
        }
    }

    static String hs256WithPublicKey() {
        try {
            String input = b64("{\"alg\":\"HS256\",\"kid\":\"1\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    TestKeys.resource("publickey.pem").getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return input + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static String replaceAt(String s, int i, char c) {
        return s.substring(0, i) + c + s.substring(i + 1);
    }

    private static String replaceSegment(String[] p, int i, String value) {
        if (p.length <= i) {
            return String.join(".", p);
        }
        p[i] = value;
        return String.join(".", p);
    }

    private static String[] swap(String[] p, int i, int j) {
        String x = p[i];
        p[i] = p[j];
        p[j] = x;
        return p;
    }
}
