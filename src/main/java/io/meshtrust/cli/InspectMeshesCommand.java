package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inspect meshes}: every mesh ({@code GET /meshes}, following {@code next}) with its certificate state
 * ({@code GET /meshes/{mesh}/certificate-insights}). {@code -o json|yaml} prints the list of those insights.
 */
@Command(name = "meshes", mixinStandardHelpOptions = true, description = "Inspect Meshes and their certificates.")
final class InspectMeshesCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of(
            "MESH", "CA BACKEND", "CA NOT AFTER", "DATAPLANES", "VALID", "RENEW-DUE", "OVERDUE", "EXPIRED", "NONE");

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
            insights.add(insight);
            rows.add(row(mesh, insight, context.zone()));
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
    static List<String> row(JsonNode mesh, JsonNode insight, ZoneId zone) {
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
        return List.of(
                name,
                backend.isEmpty() ? "-" : backend,
                notAfter,
                Long.toString(dataplanes.path("total").asLong(0)),
                Long.toString(dataplanes.path("valid").asLong(0)),
                Long.toString(dataplanes.path("renewDue").asLong(0)),
                Long.toString(dataplanes.path("overdue").asLong(0)),
                Long.toString(dataplanes.path("expired").asLong(0)),
                Long.toString(dataplanes.path("none").asLong(0)));
    }
}
