package io.meshtrust.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Structural mutations of a valid JSON body: drop, duplicate or retype a field, numbers as strings, odd unicode, a
 * wrong {@code type}/{@code name}/{@code mesh}, and text-level breakage. Each keeps the rest of the body, so the
 * request passes the early checks and reaches the resource's own validation.
 */
public final class JsonMutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMutations() {}

    /** One to three tree mutations of {@code base}: the body stays well-formed JSON. */
    public static Arbitrary<String> of(String base) {
        JsonNode root = read(base);
        return mutation().list().ofMinSize(1).ofMaxSize(3).map(ms -> {
            JsonNode copy = root.deepCopy();
            for (Mutation m : ms) {
                copy = m.apply(copy);
            }
            return copy.toString();
        });
    }

    /** A tree mutation of {@code base}, then text-level breakage: duplicate key, truncation, trailing garbage, quotes. */
    public static Arbitrary<String> malformed(String base) {
        return Combinators.combine(of(base), mutation()).as((body, m) -> m.applyText(body));
    }

    /** Replaces one value with a deep nesting or a huge number: the JSON parser's own limits. */
    public static Arbitrary<String> parserLimits(String base) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(900, 20_000))
                .as((kind, depth) -> {
                    String value = switch (kind) {
                        case 0 -> "[".repeat(depth) + "]".repeat(depth);
                        case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                        default -> "1" + "0".repeat(depth) + "e" + depth;
                    };
                    return base.replaceFirst("\\{", "{\"x\":" + value + ",");
                });
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.doubles().between(0, 1),
                        Mutations.hostileString(),
                        Arbitraries.integers().between(0, 7))
                .as(Mutation::new);
    }

    record Mutation(int kind, double where, String text, int variant) {

        JsonNode apply(JsonNode root) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode target = containers.get(Math.min(containers.size() - 1, (int) (where * containers.size())));
            if (target instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get((int) (where * 997) % names.size());
                switch (kind) {
                    case 0 -> object.remove(name);
                    case 1, 2 -> object.set(name, replacement(object.get(name)));
                    case 3 -> object.put(name, text);
                    case 4 -> object.set(name, swapNumberAndString(object.get(name)));
                    case 5 -> object.put(text, text);
                    case 6 -> object.put(name, "x".repeat(1 << (10 + variant)));
                    default -> metaMismatch(root);
                }
            } else if (target instanceof ArrayNode array) {
                switch (kind % 3) {
                    case 0 -> array.removeAll();
                    case 1 ->
                        array.add(
                                array.isEmpty()
                                        ? NODES.nullNode()
                                        : array.get(0).deepCopy());
                    default -> array.add(replacement(NODES.nullNode()));
                }
            }
            return root;
        }

        String applyText(String body) {
            return switch (variant % 4) {
                case 0 -> body.replaceFirst("\\{", "{\"name\":" + JSON.valueToTree(text) + ","); // duplicate key
                case 1 -> body.substring(0, (int) (where * body.length())); // truncated
                case 2 -> body + text; // trailing garbage
                default -> body.replace("\"", variant % 2 == 0 ? "'" : "\u201c"); // wrong quotes
            };
        }

        private JsonNode replacement(JsonNode old) {
            return switch (variant) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.numberNode(where * 1e300);
                case 2 -> NODES.numberNode(Long.MIN_VALUE);
                case 3 -> NODES.booleanNode(true);
                case 4 -> NODES.arrayNode().add(old);
                case 5 -> NODES.objectNode().set("x", old);
                case 6 -> NODES.textNode(text);
                default -> NODES.numberNode(-1);
            };
        }

        private static JsonNode swapNumberAndString(JsonNode node) {
            if (node.isNumber()) {
                return NODES.textNode(node.asText());
            }
            if (node.isTextual()) {
                try {
                    return NODES.numberNode(Long.parseLong(node.textValue()));
                } catch (NumberFormatException e) {
                    return NODES.numberNode(node.textValue().length());
                }
            }
            return NODES.textNode(node.toString());
        }

        private void metaMismatch(JsonNode root) {
            if (root instanceof ObjectNode object) {
                String field = List.of("type", "name", "mesh").get(variant % 3);
                object.put(field, variant < 3 ? text : object.path(field).asText() + "x");
            }
        }

        private static void collect(JsonNode node, List<JsonNode> out) {
            if (node.isContainerNode()) {
                out.add(node);
                node.forEach(child -> collect(child, out));
            }
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("base body is not JSON", e);
        }
    }
}
