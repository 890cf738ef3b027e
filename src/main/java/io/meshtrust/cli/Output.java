package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * kumactl's printers: the table ({@code text/tabwriter} with min width 1, padding 3, spaces), JSON as Go's
 * {@code json.MarshalIndent(v, "", "  ")} and YAML as {@code ghodss/yaml} (yaml.v2, keys sorted, sequences not
 * indented under their key, strings quoted when they would read back as something else).
 */
final class Output {

    static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    /** {@code -o} values. */
    enum Format {
        table,
        json,
        yaml
    }

    // ---------------------------------------------------------------- table

    /**
     * Rows of cells laid out like Go's tabwriter when every cell but the last of a row is tab-terminated: each column
     * is as wide as its widest cell plus 3 (at least 1); the last cell of a row is written as is.
     */
    static String table(List<String> header, List<List<String>> rows) {
        var all = new ArrayList<List<String>>();
        all.add(header);
        all.addAll(rows);
        int columns = all.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (var row : all) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], Math.max(1, width(row.get(i)) + 3));
            }
        }
        var text = new StringBuilder();
        for (var row : all) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                text.append(cell);
                if (i < row.size() - 1) {
                    text.append(" ".repeat(widths[i] - width(cell)));
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    /** kumactl's {@code table.TimeToAgo}: {@code never} when missing. */
    static String ago(Instant time, Instant now) {
        return time == null ? "never" : duration(Duration.between(time, now));
    }

    /** kumactl's {@code table.Duration}. */
    static String duration(Duration d) {
        long s = d.getSeconds();
        if (s < 0 && d.getNano() > 0) {
            s++; // truncate toward zero like int64(d.Seconds())
        }
        if (s < -1) {
            return "never";
        }
        if (s < 0) {
            return "0s";
        }
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h";
        }
        if (h < 24 * 365) {
            return h / 24 + "d";
        }
        return h / 24 / 365 + "y";
    }

    /** An RFC 3339 text field as an instant, or null when missing or unreadable. */
    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- JSON

    /** Go's {@code json.MarshalIndent(v, "", "  ")} plus a newline; keys in the server's order. */
    static String json(JsonNode node) {
        var text = new StringBuilder();
        json(node, "", text);
        return text.append('\n').toString();
    }

    private static void json(JsonNode node, String indent, StringBuilder text) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                text.append("{}");
                return;
            }
            text.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                text.append(indent)
                        .append("  ")
                        .append(quoteJson(field.getKey()))
                        .append(": ");
                json(field.getValue(), indent + "  ", text);
                text.append(fields.hasNext() ? ",\n" : "\n");
            }
            text.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                text.append("[]");
                return;
            }
            text.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                text.append(indent).append("  ");
                json(node.get(i), indent + "  ", text);
                text.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            text.append(indent).append(']');
        } else if (node.isTextual()) {
            text.append(quoteJson(node.asText()));
        } else {
            text.append(node.toString());
        }
    }

    private static String quoteJson(String s) {
        // Go escapes <, > and & for HTML safety
        return new TextNode(s)
                .toString()
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }

    // ---------------------------------------------------------------- YAML

    /** YAML as kumactl prints it (JSON turned into yaml.v2 by ghodss/yaml). */
    static String yaml(JsonNode node) {
        var text = new StringBuilder();
        if (node.isObject() && !node.isEmpty() || node.isArray() && !node.isEmpty()) {
            yamlBlock(node, "", text);
        } else {
            text.append(yamlScalar(node)).append('\n');
        }
        return text.toString();
    }

    private static void yamlBlock(JsonNode node, String indent, StringBuilder text) {
        if (node.isObject()) {
            var sorted = new TreeMap<String, JsonNode>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            boolean first = true;
            for (var e : sorted.entrySet()) {
                if (!first) {
                    text.append(indent);
                }
                first = false;
                text.append(yamlString(e.getKey())).append(':');
                JsonNode value = e.getValue();
                if (value.isObject() && !value.isEmpty()) {
                    text.append('\n').append(indent).append("  ");
                    yamlBlock(value, indent + "  ", text);
                } else if (value.isArray() && !value.isEmpty()) {
                    text.append('\n').append(indent);
                    yamlBlock(value, indent, text);
                } else {
                    text.append(' ').append(yamlScalar(value)).append('\n');
                }
            }
        } else {
            boolean first = true;
            for (JsonNode item : node) {
                if (!first) {
                    text.append(indent);
                }
                first = false;
                text.append("- ");
                if (item.isObject() && !item.isEmpty() || item.isArray() && !item.isEmpty()) {
                    yamlBlock(item, indent + "  ", text);
                } else {
                    text.append(yamlScalar(item)).append('\n');
                }
            }
        }
    }

    private static String yamlScalar(JsonNode node) {
        if (node.isObject()) {
            return "{}";
        }
        if (node.isArray()) {
            return "[]";
        }
        if (node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return yamlString(node.asText());
        }
        return node.asText();
    }

    private static final Pattern NON_STRING = Pattern.compile("(?i:y|yes|n|no|true|false|on|off|null|~)"
            + "|[-+]?(0b[01_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)"
            + "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
            + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
            + "|\\d{4}-\\d\\d?-\\d\\d?([Tt]|\\s+)\\d\\d?:\\d\\d:\\d\\d(\\.\\d*)?(\\s*(Z|[-+]\\d\\d?(:\\d\\d)?))?"
            + "|\\d{4}-\\d\\d-\\d\\d");

    /** yaml.v2: plain when it reads back as the same string, else double-quoted. */
    static String yamlString(String s) {
        boolean quote = s.isEmpty()
                || NON_STRING.matcher(s).matches()
                || !s.equals(s.strip())
                || "-?:,[]{}#&*!|>'\"%@`".indexOf(s.charAt(0)) >= 0
                || s.contains(": ")
                || s.contains(" #")
                || s.endsWith(":")
                || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        if (!quote) {
            return s;
        }
        return new TextNode(s).toString();
    }

    /** {@code {"total": n, "items": [...], "next": null}} over every page's items. */
    static ObjectNode list(List<JsonNode> items) {
        ObjectNode list = JSON.createObjectNode();
        list.put("total", items.size());
        list.putArray("items").addAll(items);
        list.putNull("next");
        return list;
    }
}
