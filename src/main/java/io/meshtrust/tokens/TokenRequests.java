package io.meshtrust.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.resources.JsonBodies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decoding of token request bodies the way Go's JSON decoder does it for Kuma: field names matched
 * case-insensitively, unknown fields ignored, wrong types refused ({@link IllegalArgumentException}).
 */
public final class TokenRequests {

    private TokenRequests() {}

    /**
     * The body as a JSON object, read with the limits every request body has ({@link JsonBodies}).
     *
     * @throws IllegalArgumentException ({@link JsonBodies.MalformedJsonException}) when it is not one
     */
    public static JsonNode object(byte[] body) {
        return JsonBodies.readObject(body);
    }

    public static JsonNode field(JsonNode json, String name) {
        if (json.has(name)) {
            return json.get(name);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public static String text(JsonNode json, String name) {
        JsonNode n = field(json, name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return n.textValue();
    }

    public static List<String> strings(JsonNode json, String name) {
        JsonNode n = field(json, name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException(name + " holds a non-string");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** Dataplane tags: keys sorted, values de-duplicated and sorted, tags without values dropped (docs/kuma-tokens.md §11.1). */
    public static Map<String, List<String>> tags(JsonNode json, String name) {
        JsonNode n = field(json, name);
        Map<String, List<String>> tags = new TreeMap<>();
        if (n == null || n.isNull()) {
            return tags;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(name + " is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException(name + "." + e.getKey() + " is not an array");
            }
            var values = new TreeSet<String>();
            for (JsonNode v : e.getValue()) {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException(name + "." + e.getKey() + " holds a non-string");
                }
                values.add(v.textValue());
            }
            if (!values.isEmpty()) {
                tags.put(e.getKey(), List.copyOf(values));
            }
        }
        return tags;
    }
}
