package io.meshtrust.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The request-body reader: its limits, exactly at and just past each, and what it says about broken bodies. */
class JsonBodiesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(String body) {
        try {
            JsonBodies.readObject(utf8(body));
        } catch (JsonBodies.MalformedJsonException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void acceptsEachLimitExactly() {
        ObjectNode deep = JsonBodies.readObject(utf8("{\"x\":" + "[".repeat(99) + "]".repeat(99) + "}"));
        assertThat(deep.path("x").isArray()).isTrue();
        assertThat(JsonBodies.readObject(utf8("{\"x\":\"" + "a".repeat(JsonBodies.MAX_STRING_LENGTH) + "\"}"))
                        .path("x")
                        .textValue())
                .hasSize(JsonBodies.MAX_STRING_LENGTH);
        assertThat(JsonBodies.readObject(utf8("{\"" + "k".repeat(JsonBodies.MAX_NAME_LENGTH) + "\":1}"))
                        .size())
                .isOne();
        assertThat(JsonBodies.readObject(utf8("{\"x\":-" + "9".repeat(JsonBodies.MAX_NUMBER_LENGTH) + "}"))
                        .path("x")
                        .isBigInteger())
                .isTrue();
    }

    @Test
    void namesTheLimitJustPastIt() {
        assertThat(reason("{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}"))
                .isEqualTo("the request body nests deeper than 100 levels");
        assertThat(reason("{\"x\":\"" + "a".repeat(JsonBodies.MAX_STRING_LENGTH + 1) + "\"}"))
                .isEqualTo("a string in the request body is longer than 1000000 characters");
        assertThat(reason("{\"" + "k".repeat(JsonBodies.MAX_NAME_LENGTH + 1) + "\":1}"))
                .isEqualTo("a key in the request body is longer than 1024 characters");
        assertThat(reason("{\"x\":" + "9".repeat(JsonBodies.MAX_NUMBER_LENGTH + 1) + "}"))
                .isEqualTo("a number in the request body is longer than 100 characters");
        assertThat(reason("{\"x\":1.5e" + "1".repeat(JsonBodies.MAX_NUMBER_LENGTH) + "}"))
                .isEqualTo("a number in the request body is longer than 100 characters");
    }

    @Test
    void saysWhereAndWhatForMalformedJsonWithoutLibraryHints() {
        assertThat(reason("{\"type\":"))
                .isEqualTo("malformed JSON at line 1, column 9: the body ends before the JSON value is complete");
        assertThat(reason("{}{}")).isEqualTo("malformed JSON at line 1, column 3: more data after the JSON value");
        assertThat(reason("{\"a\":NaN}")).isEqualTo("malformed JSON at line 1, column 9: Non-standard token 'NaN'");
        assertThat(reason("{\"a\":[}"))
                .isEqualTo("malformed JSON at line 1, column 7: Unexpected close marker '}': expected ']'");
        assertThat(reason("{\"a\":1,\n\"a\":2}")).isEqualTo("malformed JSON at line 2, column 4: Duplicate field 'a'");
        assertThat(reason("[1]")).isEqualTo("the body must be a JSON object");
        assertThat(reason("")).isEqualTo("the request body is empty; send a JSON object");
    }

    @Test
    void readsUtf8OnlyAndRefusesOtherEncodingsAndBrokenBytes() {
        assertThatThrownBy(() -> JsonBodies.readObject("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)))
                .isInstanceOf(JsonBodies.MalformedJsonException.class)
                .hasMessage("the request body is not UTF-8 JSON (it holds a NUL byte)");
        assertThatThrownBy(
                        () -> JsonBodies.readObject(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'}))
                .isInstanceOf(JsonBodies.MalformedJsonException.class)
                .hasMessage("malformed JSON at line 1, column 9: Invalid UTF-8 middle byte 0x22");
        assertThat(JsonBodies.readObject(utf8("{\"a\":\"h\u00e9\u4e16\"}"))
                        .path("a")
                        .textValue())
                .isEqualTo("h\u00e9\u4e16");
    }

    @Test
    void refusesNulInAnyStringOrKeyAndSaysWhere() {
        assertThat(reason("{\"labels\":{\"team\":\"a\\u0000b\"}}"))
                .isEqualTo("at labels.team: a string holds the NUL character (\\u0000), which no name, label or setting"
                        + " can contain");
        assertThat(reason("{\"labels\":{\"\\u0000\":\"a\"}}")).startsWith("at labels: a key holds the NUL character");
        assertThat(reason("{\"a\":[1,{\"b\":[\"ok\",\"\\u0000\"]}]}")).startsWith("at a[1].b[1]: a string holds");
        assertThat(reason("{\"\\u0000\":1}")).startsWith("a key holds the NUL character");
        // other control characters and a literal backslash-u-zero are text like any other
        assertThat(JsonBodies.readObject(utf8("{\"a\":\"\\u0001\\\\u0000\"}"))
                        .path("a")
                        .textValue())
                .isEqualTo("\u0001\\u0000");
    }

    /** An object of any keys and strings, nested, is read back as written unless a key or string holds U+0000. */
    @Property
    void anObjectIsReadBackUnlessItHoldsNul(@ForAll("texts") List<String> texts) {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode inner = root.putObject("labels");
        var array = root.putArray("list");
        for (int i = 0; i + 1 < texts.size(); i += 2) {
            inner.put(texts.get(i), texts.get(i + 1));
            array.add(texts.get(i + 1));
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        boolean nul = texts.subList(0, texts.size() - texts.size() % 2).stream().anyMatch(t -> t.indexOf(0) >= 0);
        if (nul) {
            assertThat(reason(new String(body, StandardCharsets.UTF_8))).contains("holds the NUL character");
        } else {
            assertThat(JsonBodies.readObject(body)).isEqualTo(root);
        }
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\u007f')
                .withChars('\u00e9', '\u4e16')
                .ofMaxLength(8)
                .list()
                .ofMaxSize(8);
    }

    /** Whatever the bytes, the reader returns an object or says why not in words, never a library's. */
    @Property
    void anyBytesAreAnObjectOrAPlainReason(@ForAll("bodies") byte[] body) {
        try {
            assertThat(JsonBodies.readObject(body).isObject()).isTrue();
        } catch (JsonBodies.MalformedJsonException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("`", "Source:", "jackson", "Exception", "REDACTED");
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> fragments = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                "\"",
                ":",
                ",",
                "\"a\"",
                "1",
                "-",
                ".",
                "e",
                "true",
                "nul",
                "\\",
                "\\u00",
                "\n",
                " ",
                "[[[[[[[[[[[[[[[[[[[[",
                "\u00e9");
        Arbitrary<byte[]> json = fragments.list().ofMaxSize(60).map(l -> utf8("{" + String.join("", l)));
        return Arbitraries.oneOf(json, Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }
}
