package io.meshtrust.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.SpecDecodingException;
import java.util.Base64;

/**
 * The spec of Secret and GlobalSecret: {@code data}, raw bytes as standard base64. Like protobuf's
 * {@code BytesValue}, input may be padded or not and standard or URL-safe; output is standard with padding.
 */
public final class SecretData {

    private SecretData() {}

    /** Canonical spec JSON: {@code {"data": "<std base64>"}}, or {@code {}} when there is no data. */
    public static ObjectNode decode(ObjectNode raw) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        JsonNode data = raw.get("data");
        if (data == null || data.isNull()) {
            return spec;
        }
        if (!data.isTextual()) {
            throw new SpecDecodingException("data: expected a base64 string");
        }
        byte[] bytes = bytes(data.textValue());
        if (bytes.length > 0) {
            spec.put("data", Base64.getEncoder().encodeToString(bytes));
        }
        return spec;
    }

    /** The secret's bytes from its stored spec; empty when it has none. */
    public static byte[] of(ObjectNode spec) {
        JsonNode data = spec.get("data");
        return data == null ? new byte[0] : Base64.getDecoder().decode(data.textValue());
    }

    /** The spec for the given bytes. */
    public static ObjectNode spec(byte[] bytes) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        if (bytes.length > 0) {
            spec.put("data", Base64.getEncoder().encodeToString(bytes));
        }
        return spec;
    }

    private static byte[] bytes(String text) {
        String s = text.strip();
        boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(s));
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is secret material.
            throw new SpecDecodingException("data: not valid base64 (" + reason(e) + ")");
        }
    }

    private static String pad(String s) {
        int rem = s.length() % 4;
        return rem == 2 ? s + "==" : rem == 3 ? s + "=" : s;
    }

    private static String reason(IllegalArgumentException e) {
        String m = e.getMessage();
        return m == null ? "illegal characters or length" : m.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
