package io.meshtrust.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.testsupport.TestKeys;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A token has exactly one accepted spelling (issue 13, point 3): Kuma's deterministic token (docs/kuma-tokens.md §5.4)
 * verifies, and every other spelling of the same bytes that a lenient decoder would accept is refused.
 */
class StrictTokenSpellingTest {

    static final PublicKey KEY = TestKeys.publicKey("publickey.pem");
    static final KeyResolver KID_1 = kid -> kid.equals("1") ? Optional.of(KEY) : Optional.empty();
    static final String TOKEN = JwtTest.KUMA_TOKEN;
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    final TokenVerifier verifier = new TokenVerifier(true);

    @Test
    void theCanonicalSpellingVerifies() throws Exception {
        assertThat(verifier.verify(TOKEN, KID_1).claim("Name")).isEqualTo("john");
    }

    @Test
    void everyOtherSpellingOfTheSameBytesIsRefused() {
        String[] p = TOKEN.split("\\.");
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            variants.add(segment(p, i, p[i] + "="));
            variants.add(segment(p, i, p[i] + "=="));
            variants.add(segment(p, i, " " + p[i]));
            variants.add(segment(p, i, p[i] + "\n"));
        }
        for (String ws : new String[] {" ", "\t", "\r\n", "\n"}) {
            variants.add(segment(p, 2, p[2].substring(0, 100) + ws + p[2].substring(100)));
        }
        for (String bad : new String[] {"?", "#", "%", "*", "!", "\u00e9", "\u0000", "\\"}) {
            variants.add(segment(p, 2, p[2].substring(0, 7) + bad + p[2].substring(7)));
            variants.add(segment(p, 1, p[1] + bad));
        }
        assertThat(p[2]).contains("-", "_");
        variants.add(segment(p, 2, p[2].replace('-', '+').replace('_', '/')));
        variants.add(segment(p, 2, p[2].replaceFirst("-", "+")));
        // 256 signature bytes = 342 characters: the last one carries 4 unused bits, zero in the canonical spelling
        assertThat(p[2].length() % 4).isEqualTo(2);
        int last = ALPHABET.indexOf(p[2].charAt(p[2].length() - 1));
        assertThat(last & 0x0F).isZero();
        for (int bits = 1; bits < 16; bits++) {
            String other = p[2].substring(0, p[2].length() - 1) + ALPHABET.charAt(last | bits);
            assertThat(Base64.getUrlDecoder().decode(other))
                    .isEqualTo(Base64.getUrlDecoder().decode(p[2]));
            variants.add(segment(p, 2, other));
        }
        for (String variant : variants) {
            assertThat(variant).isNotEqualTo(TOKEN);
            assertThatThrownBy(() -> verifier.verify(variant, KID_1))
                    .as(variant)
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("token is malformed");
        }
        assertThat(variants).hasSize(49);
    }

    @Test
    void trailingBitsAreCheckedOnEverySegmentLength() {
        // "a" = 1 byte = 2 characters (4 unused bits), "ab" = 3 characters (2 unused bits), "abc" = 4 (none)
        String header =
                Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"RS256\",\"kid\":\"1\"}".getBytes());
        for (String bad : new String[] {"YR", "YWJ", "Y"}) {
            assertThatThrownBy(() -> CompactJws.parse(header + ".e30." + bad))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("signature");
        }
        for (String good : new String[] {"YQ", "YWI", "YWJj"}) {
            assertThat(uncheck(header + ".e30." + good).signature()).isNotEmpty();
        }
        assertThatThrownBy(() -> CompactJws.parse(header + ".e30.")).hasMessageContaining("signature segment is empty");
        assertThatThrownBy(() -> CompactJws.parse(header + "..YQ")).hasMessageContaining("claims segment is empty");
    }

    @Test
    void headerAndClaimsMustBeStrictBoundedJsonObjects() {
        String sig = ".YQ";
        for (String header : new String[] {
            "{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"1\"}",
            "{\"alg\":\"RS256\",\"kid\":\"1\"}x",
            "[1]",
            "{\"a\":" + "[".repeat(17) + "]".repeat(17) + "}"
        }) {
            assertThatThrownBy(() -> CompactJws.parse(TokenVerifierTest.b64(header) + ".e30" + sig))
                    .as(header)
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("header");
        }
        String notUtf8 = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
        assertThatThrownBy(() -> CompactJws.parse(notUtf8 + ".e30" + sig)).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> verifier.verify(
                        TokenVerifierTest.b64("{\"alg\":\"RS256\",\"kid\":\"1\"}") + "."
                                + TokenVerifierTest.b64("{\"Name\":\"a\",\"Name\":\"admin\",\"exp\":4000000000}") + sig,
                        KID_1))
                .hasMessageContaining("claims");
    }

    private static CompactJws uncheck(String token) {
        try {
            return CompactJws.parse(token);
        } catch (InvalidTokenException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    private static String segment(String[] p, int i, String value) {
        String[] copy = p.clone();
        copy[i] = value;
        return String.join(".", copy);
    }
}
