package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inspect dataplanes}: {@code GET /meshes/<mesh>/dataplanes/_overview} and kumactl's table
 * (docs/kuma-ca-insights.md §10). Unlike kumactl it follows {@code next} and shows every dataplane.
 */
@Command(name = "dataplanes", mixinStandardHelpOptions = true, description = "Inspect Dataplanes.")
final class InspectDataplanesCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of(
            "MESH",
            "NAME",
            "TAGS",
            "STATUS",
            "LAST CONNECTED AGO",
            "LAST UPDATED AGO",
            "TOTAL UPDATES",
            "TOTAL ERRORS",
            "CERT REGENERATED AGO",
            "CERT EXPIRATION",
            "CERT REGENERATIONS",
            "CERT BACKEND",
            "SUPPORTED CERT BACKENDS",
            "KUMA-DP VERSION",
            "ENVOY VERSION",
            "DEPENDENCIES VERSIONS",
            "NOTES");

    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-m", "--mesh"},
            defaultValue = "default",
            description = "mesh to use (default: ${DEFAULT-VALUE})")
    String mesh;

    @Option(names = "--tag", description = "filter by tag in format of key=value. You can provide many tags")
    List<String> tags = new ArrayList<>();

    @Option(names = "--gateway", description = "filter gateway dataplanes")
    boolean gateway;

    /** Sent as kumactl does; the server ignores it, as Kuma's does (docs/kuma-ca-insights.md §10). */
    @Option(names = "--ingress", description = "filter ingress dataplanes")
    boolean ingress;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
    Output.Format output;

    @Override
    public Integer call() {
        var query = new ArrayList<String>();
        if (gateway) {
            query.add("gateway=true");
        }
        if (ingress) {
            query.add("ingress=true");
        }
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            if (eq <= 0) {
                throw new CliException("invalid tag \"" + tag + "\": expected key=value");
            }
            query.add("tag=" + encode(tag.substring(0, eq) + ":" + tag.substring(eq + 1)));
        }
        String path = "/meshes/" + encode(mesh) + "/dataplanes/_overview"
                + (query.isEmpty() ? "" : "?" + String.join("&", query));
        List<JsonNode> items;
        try {
            items = allPages(RootCommand.api(spec), path);
        } catch (CliException e) {
            throw e.wrap("failed to list Dataplanes: ");
        }
        var out = spec.commandLine().getOut();
        var context = RootCommand.context(spec);
        out.print(
                switch (output) {
                    case json -> Output.json(Output.list(items));
                    case yaml -> Output.yaml(Output.list(items));
                    case table ->
                        Output.table(
                                HEADER,
                                items.stream()
                                        .map(item -> row(item, context.clock().instant(), context.zone()))
                                        .toList());
                });
        out.flush();
        return 0;
    }

    /** Every item of a list, following {@code next} (an absolute URL on the API server) until it is null. */
    static List<JsonNode> allPages(ApiClient api, String path) {
        var items = new ArrayList<JsonNode>();
        var seen = new HashSet<String>();
        while (path != null && seen.add(path)) {
            JsonNode page = readJson(api.get(path));
            page.path("items").forEach(items::add);
            String next = page.path("next").asText("");
            path = next.isEmpty() || page.path("next").isNull() ? null : api.nextPath(next);
        }
        return items;
    }

    static JsonNode readJson(String body) {
        try {
            return Output.JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("invalid answer from the control plane: " + e.getMessage(), CliException.SERVER);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One table row (kumactl's {@code printDataplaneOverviews}). */
    static List<String> row(JsonNode overview, Instant now, ZoneId zone) {
        JsonNode dataplane = overview.path("dataplane");
        JsonNode insight = overview.path("dataplaneInsight");
        JsonNode subscriptions = insight.path("subscriptions");
        JsonNode last = subscriptions.isArray() && !subscriptions.isEmpty()
                ? subscriptions.get(subscriptions.size() - 1)
                : MissingNode.getInstance();
        long updates = 0;
        long errors = 0;
        for (JsonNode s : subscriptions) {
            updates += number(s.path("status").path("total").path("responsesSent"));
            errors += number(s.path("status").path("total").path("responsesRejected"));
        }
        var notes = new ArrayList<String>();
        String status = status(dataplane, subscriptions, notes);
        JsonNode mtls = insight.path("mTLS");
        boolean hasMtls = mtls.isObject();
        Instant expiration = Output.instant(mtls.path("certificateExpirationTime"));
        var supported = new ArrayList<String>();
        mtls.path("supportedBackends").forEach(b -> supported.add(b.asText()));
        JsonNode version = last.path("version");
        var dependencies = new ArrayList<String>();
        version.path("dependencies")
                .fields()
                .forEachRemaining(
                        e -> dependencies.add(e.getKey() + ": " + e.getValue().asText()));
        return List.of(
                overview.path("mesh").asText(""),
                overview.path("name").asText(""),
                tagSet(dataplane),
                status,
                Output.ago(Output.instant(last.path("connectTime")), now),
                Output.ago(Output.instant(last.path("status").path("lastUpdateTime")), now),
                Long.toString(updates),
                Long.toString(errors),
                Output.ago(Output.instant(mtls.path("lastCertificateRegeneration")), now),
                expiration == null ? "-" : EXPIRATION.format(expiration.atZone(zone)),
                Long.toString(number(mtls.path("certificateRegenerations"))),
                hasMtls ? mtls.path("issuedBackend").asText("") : "-",
                String.join(",", supported),
                version.path("kumaDp").path("version").asText(""),
                version.path("envoy").path("version").asText(""),
                dependencies.isEmpty() ? "-" : String.join(", ", dependencies),
                String.join(";", notes));
    }

    /** A number that proto3 JSON may write as a string (uint64). */
    private static long number(JsonNode node) {
        if (node.isNumber()) {
            return node.asLong();
        }
        try {
            return node.isTextual() ? Long.parseLong(node.asText()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Keys sorted, {@code key=v1,v2} with sorted values, joined by a space (inbounds' tags, or the gateway's). */
    static String tagSet(JsonNode dataplane) {
        JsonNode networking = dataplane.path("networking");
        var tags = new TreeMap<String, TreeSet<String>>();
        List<JsonNode> sources = new ArrayList<>();
        if (networking.path("gateway").isObject()) {
            sources.add(networking.path("gateway").path("tags"));
        } else {
            networking.path("inbound").forEach(i -> sources.add(i.path("tags")));
        }
        for (JsonNode t : sources) {
            t.fields()
                    .forEachRemaining(e -> tags.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                            .add(e.getValue().asText()));
        }
        var pairs = new ArrayList<String>();
        for (Map.Entry<String, TreeSet<String>> e : tags.entrySet()) {
            pairs.add(e.getKey() + "=" + String.join(",", e.getValue()));
        }
        return String.join(" ", pairs);
    }

    /**
     * Kuma's {@code DataplaneOverview.GetStatus}: a gateway is Online iff a subscription is connected; otherwise
     * Offline when not connected or no inbound is ready, Partially degraded when some are not, adding a note for
     * each inbound that is not ready.
     */
    static String status(JsonNode dataplane, JsonNode subscriptions, List<String> notes) {
        boolean online = false;
        for (JsonNode s : subscriptions) {
            if (Output.instant(s.path("connectTime")) != null && Output.instant(s.path("disconnectTime")) == null) {
                online = true;
            }
        }
        JsonNode networking = dataplane.path("networking");
        if (networking.path("gateway").isObject()) {
            return online ? "Online" : "Offline";
        }
        boolean allOffline = true;
        boolean allOnline = true;
        for (JsonNode inbound : networking.path("inbound")) {
            String state = inbound.path("state").asText("");
            if (state.equals("Ignored")) {
                continue;
            }
            boolean notReady = state.equals("NotReady")
                    || (state.isEmpty()
                            && inbound.path("health").isObject()
                            && !inbound.path("health").path("ready").asBoolean(false));
            if (notReady) {
                notes.add("inbound[port=" + inbound.path("port").asText("0") + ",svc="
                        + inbound.path("tags").path("kuma.io/service").asText("") + "] is not ready");
                allOnline = false;
            } else {
                allOffline = false;
            }
        }
        if (!online || allOffline) {
            return "Offline";
        }
        return allOnline ? "Online" : "Partially degraded";
    }
}
