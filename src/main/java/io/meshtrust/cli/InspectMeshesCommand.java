package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inspect meshes}: every mesh ({@code GET /meshes}, following {@code next}) with its certificate state
 * ({@code GET /meshes/{mesh}/certificate-insights}) and its CA rotation ({@code GET /ca-rotation}, following
 * {@code next}: the phase, and what the next step waits for). {@code -o json|yaml} prints the list of those insights,
 * each with its rotation progress under {@code caRotation}. A control plane without {@code /ca-rotation} (Kuma) shows
 * {@code -}.
 */
@Command(name = "meshes", mixinStandardHelpOptions = true, description = "Inspect Meshes and their certificates.")
final class InspectMeshesCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of(
            "MESH",
            "CA BACKEND",
            "CA NOT AFTER",
            "DATAPLANES",
            "VALID",
            "RENEW-DUE",
            "OVERDUE",
            "EXPIRED",
            "NONE",
            "ROTATION",
            "PROGRESS");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
    Output.Format output;

    @Override
    public Integer call() {
        ApiClient api = RootCommand.api(spec);
        List<JsonNode> meshes;
        try {
            meshes = InspectDataplanesCommand.allPages(api, "/meshes");
        } catch (CliException e) {
            throw e.wrap("failed to list Meshes: ");
        }
        Map<String, JsonNode> rotations = rotations(api);
        var insights = new ArrayList<JsonNode>();
        var rows = new ArrayList<List<String>>();
        var context = RootCommand.context(spec);
        for (JsonNode mesh : meshes) {
            String name = mesh.path("name").asText("");
            JsonNode insight;
            try {
                insight = InspectDataplanesCommand.readJson(api.get("/meshes/"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                        + "/certificate-insights"));
            } catch (CliException e) {
                throw e.wrap("failed to get the certificate insights of mesh \"" + name + "\": ");
            }
            JsonNode rotation = rotations.getOrDefault(name, MissingNode.getInstance());
            if (insight instanceof ObjectNode object && !rotation.isMissingNode()) {
                object.set("caRotation", rotation);
            }
            insights.add(insight);
            rows.add(row(mesh, insight, rotation, context.zone()));
        }
        var out = spec.commandLine().getOut();
        out.print(
                switch (output) {
                    case json -> Output.json(Output.list(insights));
                    case yaml -> Output.yaml(Output.list(insights));
                    case table -> Output.table(HEADER, rows);
                });
        out.flush();
        return 0;
    }

    /** One row: the enabled CA ({@code -} when mTLS is off), its expiry, and the dataplanes by certificate state. */
    /** Each mesh's rotation progress by name; empty when the control plane has no {@code /ca-rotation} (404). */
    static Map<String, JsonNode> rotations(ApiClient api) {
        Map<String, JsonNode> byMesh = new HashMap<>();
        try {
            for (JsonNode item : InspectDataplanesCommand.allPages(api, "/ca-rotation")) {
                byMesh.put(item.path("mesh").asText(""), item);
            }
        } catch (ApiClient.ErrorAnswer e) {
            if (e.status() != 404) {
                throw e.wrap("failed to get the CA rotation progress: ");
            }
        }
        return byMesh;
    }

    /**
     * The rotation columns: the phase, and what the next step waits for ({@code 2/20 lack root}, {@code 3/20 old
     * issuer}) or is ({@code switch to ca-2}, {@code retire ca-1}); {@code -} when there is nothing to say.
     */
    static List<String> rotation(JsonNode rotation) {
        if (rotation.isMissingNode() || !rotation.path("mtlsEnabled").asBoolean(false)) {
            return List.of("-", "-");
        }
        String phase = rotation.path("phase").asText("-");
        long online = rotation.path("dataplanes")
                .path("withCertificate")
                .path("online")
                .asLong(0);
        JsonNode laggards = rotation.path("laggards");
        String progress = switch (phase) {
            case "trust-propagating" -> laggards.path("lacksRoot").asLong(0) + "/" + online + " lack root";
            case "re-issuing" -> {
                var parts = new ArrayList<String>();
                long old = laggards.path("oldIssuer").asLong(0);
                long stale = laggards.path("staleRoot").asLong(0);
                long lacking = laggards.path("lacksRoot").asLong(0);
                if (lacking > 0) {
                    parts.add(lacking + "/" + online + " lack root");
                }
                if (old > 0) {
                    parts.add(old + "/" + online + " old issuer");
                }
                if (stale > 0) {
                    parts.add(stale + "/" + online + " stale root");
                }
                yield String.join(", ", parts);
            }
            case "ready-to-switch" ->
                "switch to " + rotation.path("targetBackend").asText("?");
            case "ready-to-retire" -> {
                var retiring = new ArrayList<String>();
                rotation.path("retiringBackends").forEach(b -> retiring.add(b.asText()));
                yield "retire " + String.join(",", retiring);
            }
            default -> "-";
        };
        long offline = laggards.path("offline").asLong(0);
        if (offline > 0 && !phase.equals("stable")) {
            progress += " (" + offline + " offline)";
        }
        return List.of(phase, progress.isEmpty() ? "-" : progress);
    }

    static List<String> row(JsonNode mesh, JsonNode insight, JsonNode rotation, ZoneId zone) {
        String name = mesh.path("name").asText("");
        JsonNode authority = MissingNode.getInstance();
        for (JsonNode ca : insight.path("certificateAuthorities")) {
            if (ca.path("mesh").asText(name).equals(name)) {
                authority = ca;
                break;
            }
        }
        String backend = authority
                .path("backend")
                .asText(mesh.path("mtls").path("enabledBackend").asText(""));
        String notAfter = "-";
        Instant expiry = Output.instant(authority.path("notAfter"));
        if (expiry != null) {
            notAfter = TIME.format(expiry.atZone(zone));
        } else if (authority.hasNonNull("error")) {
            notAfter = "unavailable";
        }
        JsonNode dataplanes = insight.path("dataplanes");
        var row = new ArrayList<>(List.of(
                name,
                backend.isEmpty() ? "-" : backend,
                notAfter,
                Long.toString(dataplanes.path("total").asLong(0)),
                Long.toString(dataplanes.path("valid").asLong(0)),
                Long.toString(dataplanes.path("renewDue").asLong(0)),
                Long.toString(dataplanes.path("overdue").asLong(0)),
                Long.toString(dataplanes.path("expired").asLong(0)),
                Long.toString(dataplanes.path("none").asLong(0))));
        row.addAll(rotation(rotation));
        return row;
    }
}
