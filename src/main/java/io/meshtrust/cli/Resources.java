package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The resource types {@code get}, {@code apply} and {@code delete} know: paths, listing, kumactl-style output. */
final class Resources {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** kumactl's {@code -o}. */
    enum Output {
        table,
        json,
        yaml
    }

    /** A resource type in Kuma's universal format. */
    enum Type {
        MESH("Mesh", "mesh", false),
        DATAPLANE("Dataplane", "dataplane", true),
        SECRET("Secret", "secret", true),
        GLOBAL_SECRET("GlobalSecret", "global-secret", false);

        final String kind;
        final String cliName;
        final boolean meshScoped;

        Type(String kind, String cliName, boolean meshScoped) {
            this.kind = kind;
            this.cliName = cliName;
            this.meshScoped = meshScoped;
        }

        /** The collection's path: {@code /meshes}, {@code /meshes/{mesh}/dataplanes}, … */
        String collection(String mesh) {
            return switch (this) {
                case MESH -> "/meshes";
                case DATAPLANE -> "/meshes/" + segment(mesh) + "/dataplanes";
                case SECRET -> "/meshes/" + segment(mesh) + "/secrets";
                case GLOBAL_SECRET -> "/global-secrets";
            };
        }

        String item(String mesh, String name) {
            return collection(mesh) + "/" + segment(name);
        }

        static Type ofKind(String kind) {
            for (Type t : values()) {
                if (t.kind.equals(kind)) {
                    return t;
                }
            }
            return null;
        }
    }

    private Resources() {}

    /** cobra's {@code ExactArgs(n)}: {@code accepts n arg(s), received m}. */
    static List<String> exactArgs(List<String> args, int n) {
        if (args.size() != n) {
            throw new CliException("accepts " + n + " arg(s), received " + args.size());
        }
        return args;
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every item of a collection, following {@code next} links. */
    static List<JsonNode> list(ApiClient api, String path) {
        var items = new ArrayList<JsonNode>();
        JsonNode page = parse(api.get(path));
        var seen = new HashSet<String>();
        while (true) {
            page.path("items").forEach(items::add);
            JsonNode next = page.get("next");
            if (next == null || next.isNull() || next.asText().isEmpty() || !seen.add(next.asText())) {
                return items;
            }
            page = parse(api.getNext(next.asText()));
        }
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException(
                    "the control plane answered something that is not JSON: " + e.getMessage(), CliException.SERVER);
        }
    }

    /** Prints a list as kumactl does: a table, or {@code {total, items, next}} as JSON or YAML. */
    static void printList(PrintWriter out, Output output, Type type, List<JsonNode> items, Instant now) {
        if (output == Output.table) {
            var rows = new ArrayList<List<String>>();
            rows.add(header(type));
            for (JsonNode item : items) {
                rows.add(row(type, item, now));
            }
            out.print(table(rows));
        } else {
            ObjectNode body = JSON.createObjectNode();
            body.put("total", items.size());
            ArrayNode array = body.putArray("items");
            items.forEach(array::add);
            body.putNull("next");
            print(out, output, body);
        }
        out.flush();
    }

    static void printOne(PrintWriter out, Output output, Type type, JsonNode item, Instant now) {
        if (output == Output.table) {
            out.print(table(List.of(header(type), row(type, item, now))));
        } else {
            print(out, output, item);
        }
        out.flush();
    }

    private static void print(PrintWriter out, Output output, JsonNode node) {
        try {
            String text = (output == Output.json ? JSON : YAML).writeValueAsString(node);
            out.print(text.endsWith("\n") ? text : text + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> header(Type type) {
        return switch (type) {
            case MESH -> List.of("NAME", "mTLS", "METRICS", "LOGGING", "TRACING", "LOCALITY", "ZONEEGRESS", "AGE");
            case DATAPLANE -> List.of("MESH", "NAME", "TAGS", "AGE");
            case SECRET -> List.of("MESH", "NAME", "AGE");
            case GLOBAL_SECRET -> List.of("NAME", "AGE");
        };
    }

    private static List<String> row(Type type, JsonNode item, Instant now) {
        String name = item.path("name").asText("");
        String mesh = item.path("mesh").asText("");
        // kumactl's AGE is the time since the last modification
        String age = age(
                item.path("modificationTime").asText(item.path("creationTime").asText("")), now);
        return switch (type) {
            case MESH ->
                List.of(
                        name,
                        mtls(item),
                        metrics(item),
                        backends(item.path("logging")),
                        backends(item.path("tracing")),
                        onOff(item.path("routing").path("localityAwareLoadBalancing")),
                        onOff(item.path("routing").path("zoneEgress")),
                        age);
            case DATAPLANE -> List.of(mesh, name, tags(item), age);
            case SECRET -> List.of(mesh, name, age);
            case GLOBAL_SECRET -> List.of(name, age);
        };
    }

    /** kumactl's mTLS column: {@code type/name} of the enabled CA backend, else {@code off}. */
    static String mtls(JsonNode mesh) {
        String enabled = mesh.path("mtls").path("enabledBackend").asText("");
        if (enabled.isEmpty()) {
            return "off";
        }
        for (JsonNode backend : mesh.path("mtls").path("backends")) {
            if (enabled.equals(backend.path("name").asText())) {
                return backend.path("type").asText("") + "/" + enabled;
            }
        }
        return "off";
    }

    /** kumactl's METRICS column: {@code type/name} of the enabled metrics backend, else {@code off}. */
    static String metrics(JsonNode mesh) {
        String enabled = mesh.path("metrics").path("enabledBackend").asText("");
        for (JsonNode backend : mesh.path("metrics").path("backends")) {
            if (!enabled.isEmpty() && enabled.equals(backend.path("name").asText())) {
                return backend.path("type").asText("") + "/" + enabled;
            }
        }
        return "off";
    }

    /** kumactl's LOGGING and TRACING columns: every backend as {@code type/name}, comma-separated, else {@code off}. */
    static String backends(JsonNode section) {
        var names = new ArrayList<String>();
        for (JsonNode backend : section.path("backends")) {
            names.add(
                    backend.path("type").asText("") + "/" + backend.path("name").asText(""));
        }
        return names.isEmpty() ? "off" : String.join(", ", names);
    }

    private static String onOff(JsonNode flag) {
        return flag.asBoolean(false) ? "on" : "off";
    }

    /** The dataplane's tags (inbounds' and gateway's): {@code k=v1,v2 k2=v}, keys and values sorted. */
    static String tags(JsonNode dataplane) {
        var tags = new TreeMap<String, TreeSet<String>>();
        JsonNode networking = dataplane.path("networking");
        var sources = new ArrayList<JsonNode>();
        networking.path("inbound").forEach(i -> sources.add(i.path("tags")));
        sources.add(networking.path("gateway").path("tags"));
        for (JsonNode source : sources) {
            source.fields()
                    .forEachRemaining(e -> tags.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                            .add(e.getValue().asText()));
        }
        var parts = new ArrayList<String>();
        for (Map.Entry<String, TreeSet<String>> e : tags.entrySet()) {
            parts.add(e.getKey() + "=" + String.join(",", e.getValue()));
        }
        return String.join(" ", parts);
    }

    static String age(String creationTime, Instant now) {
        if (creationTime.isEmpty()) {
            return "<unknown>";
        }
        try {
            return humanDuration(Duration.between(Instant.parse(creationTime), now));
        } catch (DateTimeParseException e) {
            try {
                var t = OffsetDateTime.parse(creationTime).toInstant();
                return humanDuration(Duration.between(t, now));
            } catch (DateTimeParseException e2) {
                return "<unknown>";
            }
        }
    }

    /** Kubernetes' {@code duration.HumanDuration}, which kumactl's AGE column uses. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** Go's tabwriter as kumactl sets it up (padding 3, spaces): every column but the last padded to its widest. */
    static String table(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        var text = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                text.append(cell);
                if (i < row.size() - 1) {
                    text.append(" ".repeat(width[i] - cell.length() + 3));
                }
            }
            text.append('\n');
        }
        return text.toString();
    }
}
