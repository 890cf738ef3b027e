package io.meshtrust.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Golden files ported from Kuma, compared JSON-semantically with timestamps normalised (as Kuma's own tests do).
 */
public final class Golden {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TIME_KEYS = Set.of("creationTime", "modificationTime", "creationTimestamp");
    private static final TextNode ZERO_TIME = TextNode.valueOf("0001-01-01T00:00:00Z");

    private Golden() {}

    public static String text(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean exists(String resource) {
        return Golden.class.getResource("/golden/" + resource) != null;
    }

    /** Asserts that {@code actualBody} equals the golden file, after replacing {@code {{address}}}. */
    public static void assertMatches(String resource, String actualBody, String address) {
        JsonNode expected = parse(text(resource).replace("{{address}}", address));
        JsonNode actual = parse(actualBody);
        assertThat(normalise(actual))
                .as("body of %s:%n%s", resource, actualBody)
                .isEqualTo(normalise(expected));
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Replaces every meta timestamp by Go's zero time, recursively. */
    public static JsonNode normalise(JsonNode node) {
        JsonNode copy = node.deepCopy();
        walk(copy);
        return copy;
    }

    private static void walk(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String key : TIME_KEYS) {
                if (o.has(key) && o.get(key).isTextual()) {
                    o.set(key, ZERO_TIME);
                }
            }
            o.elements().forEachRemaining(Golden::walk);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(Golden::walk);
        }
    }
}
