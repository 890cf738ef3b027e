package io.meshtrust.resources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one place where a request body becomes JSON: resource {@code PUT}s, token requests and certificate requests
 * all read their body here, so every body has the same limits and every failure the same kind of answer, a
 * {@link MalformedJsonException} whose message a person can act on (never a class name, a stack or a library
 * setting). Callers wrap it in their endpoint's error (Kuma's {@code invalid <Type> object: "<reason>"} for
 * resources, an empty 400 for tokens as in Kuma's {@code pkg/api-server/*_token_ws.go}).
 *
 * <p>The limits are ours, not Jackson's defaults (which change between releases). They are sized for the 1 MiB body
 * limit ({@code quarkus.http.limits.max-body-size}): a string may take almost the whole body (a secret's data), while
 * nesting, keys and numbers are far above anything a Kuma resource holds (Kuma's deepest legacy spec, a Mesh with a
 * provided CA backend, nests 6 levels; label keys are at most 317 characters; numbers are ports, sizes and counts).
 */
public final class JsonBodies {

    /** Deepest nesting of objects and arrays, the root object counting as level 1. */
    public static final int MAX_DEPTH = 100;
    /** Longest string value, in characters. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Longest object key, in characters. */
    public static final int MAX_NAME_LENGTH = 1_024;
    /** Longest number, in characters (digits, sign excluded, fraction and exponent included). */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonBodies() {}

    /** A body that is not one JSON object within the limits; the message says what is wrong and where. */
    public static final class MalformedJsonException extends IllegalArgumentException {
        public MalformedJsonException(String message) {
            super(message);
        }
    }

    /**
     * Reads a request body that must be one JSON object.
     *
     * @throws MalformedJsonException when the body is empty, not UTF-8 JSON, over a limit, has duplicate keys or data
     *     after the object, or its root is not an object
     */
    public static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedJsonException("the request body is empty; send a JSON object");
        }
        JsonNode json = read(body);
        if (json == null || !json.isObject()) {
            throw new MalformedJsonException("the body must be a JSON object");
        }
        refuseNul(json, "");
        return (ObjectNode) json;
    }

    /**
     * No key or string may hold U+0000 (NUL): PostgreSQL stores neither in text nor in {@code jsonb}, and
     * no Kuma name, label, tag or setting means anything with it. Refusing it here keeps both stores alike (the
     * request target gets the same rule in {@link io.meshtrust.api.NulCharacters}).
     */
    private static void refuseNul(JsonNode node, String path) {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\u0000') >= 0) {
                throw new MalformedJsonException(where(path)
                        + "a string holds the NUL character (\\u0000), which no name, label or setting can contain");
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\u0000') >= 0) {
                    throw new MalformedJsonException(where(path)
                            + "a key holds the NUL character (\\u0000), which no name, label or setting can contain");
                }
                refuseNul(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : "at " + path + ": ";
    }

    private static JsonNode read(byte[] body) {
        // JSON in UTF-8 never holds a NUL byte (a NUL in a string must be escaped); UTF-16 and UTF-32, which Jackson
        // would otherwise detect and accept, always do. Kuma (Go's encoding/json) reads UTF-8 only.
        for (byte b : body) {
            if (b == 0) {
                throw new MalformedJsonException("the request body is not UTF-8 JSON (it holds a NUL byte)");
            }
        }
        try {
            return READER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException(limit(e.getOriginalMessage()));
        } catch (JsonEOFException e) {
            throw new MalformedJsonException(at(e.getLocation()) + "the body ends before the JSON value is complete");
        } catch (JsonParseException e) {
            throw new MalformedJsonException(at(e.getLocation()) + clean(e.getOriginalMessage()));
        } catch (MismatchedInputException e) {
            String what = e.getOriginalMessage() != null
                            && e.getOriginalMessage().startsWith("Trailing token")
                    ? "more data after the JSON value"
                    : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                            ? clean(e.getOriginalMessage())
                            : "not a JSON document";
            throw new MalformedJsonException(at(e.getLocation()) + what);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(at(e.getLocation()) + "not a JSON document");
        } catch (IOException e) {
            // CharConversionException and the like: the bytes are not text in an encoding JSON allows.
            throw new MalformedJsonException("the request body is not UTF-8 JSON");
        }
    }

    /** Names the limit a body broke; Jackson says which one only in its message. */
    static String limit(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("Document nesting depth")) {
            return "the request body nests deeper than " + MAX_DEPTH + " levels";
        }
        if (m.startsWith("String value length")) {
            return "a string in the request body is longer than " + MAX_STRING_LENGTH + " characters";
        }
        if (m.startsWith("Name length")) {
            return "a key in the request body is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (m.startsWith("Number value length") || m.startsWith("Number length")) {
            return "a number in the request body is longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        return "the request body exceeds a limit of the JSON reader";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "malformed JSON: ";
        }
        return "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    /**
     * Jackson's own wording without its hints, which name library settings ({@code enable `JsonReadFeature...`}) or
     * repeat the location ({@code (start marker at [Source: ...])}).
     */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "not a JSON document";
        }
        String m = message;
        int marker = m.indexOf(" (start marker at");
        if (marker >= 0) {
            m = m.substring(0, marker);
        }
        int tick = m.indexOf('`');
        if (tick >= 0) {
            m = m.substring(0, tick).replaceAll("[\\s:;(,]*(enable|as per|for|from|bound as)?[\\s:;(,]*$", "");
        }
        int source = m.indexOf("[Source:");
        if (source >= 0) {
            int aside = m.lastIndexOf(" (", source);
            m = m.substring(0, aside >= 0 ? aside : source).trim();
        }
        return m.isBlank() ? "not a JSON document" : m;
    }
}
