package io.meshtrust.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The request-target rule of {@link NulCharacters}, against a plain percent-decoder. */
class NulCharactersTest {

    @Test
    void findsEscapedAndRawNulOnly() {
        assertThat(NulCharacters.holdsNul("/meshes/a%00b")).isTrue();
        assertThat(NulCharacters.holdsNul("/meshes?name=%00")).isTrue();
        assertThat(NulCharacters.holdsNul("/x\u0000")).isTrue();
        assertThat(NulCharacters.holdsNul("/x%%00")).isTrue();
        assertThat(NulCharacters.holdsNul("/x%2500")).isFalse(); // a literal "%00"
        assertThat(NulCharacters.holdsNul("/x%0")).isFalse();
        assertThat(NulCharacters.holdsNul("/x%100")).isFalse();
        assertThat(NulCharacters.holdsNul("/meshes/default/dataplanes+insights?filter%5Blabels.a%5D=1"))
                .isFalse();
        assertThat(NulCharacters.holdsNul(null)).isFalse();
    }

    /** Any text, percent-encoded as a client would: NUL is found exactly when the text holds one. */
    @Property
    void encodedTextHoldsNulExactlyWhenTheTextDoes(@ForAll("texts") String text) {
        String target = "/meshes/" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "?name="
                + URLEncoder.encode(text, StandardCharsets.UTF_8);
        assertThat(NulCharacters.holdsNul(target)).isEqualTo(text.indexOf('\u0000') >= 0);
    }

    /** Any target, escapes valid or not, mixed with raw text: the rule agrees with decoding the valid escapes. */
    @Property
    void agreesWithAPlainDecoder(@ForAll("targets") String target) {
        assertThat(NulCharacters.holdsNul(target))
                .as(target)
                .isEqualTo(decodeValidEscapes(target).indexOf('\u0000') >= 0);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff')
                .withChars('%', '0', '\u4e16')
                .ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> piece = Arbitraries.of(
                "%",
                "0", "00", "%00", "%25", "%2", "%0", "%g0", "a", "/", "?", "=", "%5B", "%%", "\u0000", "%41", "0%");
        return piece.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    /** Decodes each valid {@code %XX} to its byte and leaves everything else as it is. */
    private static String decodeValidEscapes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%'
                    && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i++;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDecoderUsedAboveDecodes() {
        assertThat(decodeValidEscapes("a%41%00%2")).isEqualTo("aA\u0000%2");
        assertThat(List.of(decodeValidEscapes("%%00"))).containsExactly("%\u0000");
    }
}
