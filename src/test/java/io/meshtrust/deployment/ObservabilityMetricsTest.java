package io.meshtrust.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshtrust.certificates.CertificateGauges;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.rotation.CaRotationGauges;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules under {@code deployment/observability} query only series the application
 * really exposes: one certificate is minted, one minting fails, the gauges are refreshed, and the Prometheus text from
 * {@code /q/metrics} on the management interface must hold a sample of every metric name the queries use, with every
 * label they match on.
 */
@QuarkusTest
class ObservabilityMetricsTest {

    static final Path DIR = Path.of("deployment", "observability");
    static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");
    static final Path RULES = DIR.resolve("prometheus-rules.yaml");

    static final String MINTED_MESH = "observability";
    static final String FAILING_MESH = "observability-broken-ca";

    @Inject
    CertificateGauges gauges;

    @Inject
    CaRotationGauges rotationGauges;

    @TestHTTPResource(value = "", management = true)
    URL management;

    static String scrape;

    @BeforeAll
    static void noScrapeYet() {
        scrape = null;
    }

    /** Mints once, fails once, refreshes the gauges and scrapes; once per class. */
    String scrape() throws IOException {
        if (scrape == null) {
            putMesh(Meshes.builtin(MINTED_MESH));
            putDataplane(MINTED_MESH);
            mint(MINTED_MESH).then().statusCode(200);

            // A provided CA read from files that disappear after the Mesh was accepted: minting answers 503 and counts
            // a
            // failure (cert_generation_failure), as an unreadable CA does in production.
            Path dir = Files.createTempDirectory("observability-ca");
            Path cert = dir.resolve("ca.pem");
            Path key = dir.resolve("ca.key");
            Files.writeString(cert, fixture("ca.pem"));
            Files.writeString(key, fixture("ca.key"));
            putMesh(Meshes.plain(FAILING_MESH)
                    .providedFileBackend("ca-1", cert, key)
                    .enabled("ca-1"));
            putDataplane(FAILING_MESH);
            Files.delete(cert);
            Files.delete(key);
            Files.delete(dir);
            mint(FAILING_MESH).then().statusCode(503);

            gauges.refresh().await().indefinitely();
            rotationGauges.refresh().await().indefinitely();
            scrape = given().port(management.getPort())
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();

            // Other test classes share this application and its in-memory store.
            for (String mesh : List.of(MINTED_MESH, FAILING_MESH)) {
                given().delete("/meshes/" + mesh + "/dataplanes/dp-1").then().statusCode(200);
                given().delete("/meshes/" + mesh).then().statusCode(200);
            }
        }
        return scrape;
    }

    @Test
    void everyMetricTheDashboardAndTheRulesQueryIsExposed() throws IOException {
        Map<String, Set<String>> used = usedMetrics();
        assertThat(used.keySet())
                .as("metric names found in the queries (parser sanity)")
                .contains(
                        "cert_generation",
                        "cert_generation_failure",
                        "ca_manager_get_cert_bucket",
                        "ca_manager_get_cert_count",
                        "ca_manager_get_cert_sum",
                        "ca_cert_expiration_timestamp_seconds",
                        "dataplane_certificates");

        Map<String, Set<String>> exposed = exposedSeries(scrape());
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> metric : used.entrySet()) {
            String name = metric.getKey();
            if (!exposed.containsKey(name)) {
                missing.add(name);
                continue;
            }
            for (String label : metric.getValue()) {
                if (!exposed.get(name).contains(label)) {
                    missing.add(name + " has no label " + label + " (it has " + exposed.get(name) + ")");
                }
            }
        }
        assertThat(missing).as("queried but not exposed").isEmpty();
    }

    @Test
    void theMintedAndTheFailedIssuanceAreCountedUnderKumasNames() throws IOException {
        String text = scrape();
        assertThat(text).containsPattern("(?m)^cert_generation\\{[^}]*mesh=\"" + MINTED_MESH + "\"[^}]*} 1\\.0$");
        assertThat(text)
                .containsPattern("(?m)^cert_generation_failure\\{[^}]*mesh=\"" + FAILING_MESH + "\"[^}]*} 1\\.0$");
        assertThat(text)
                .containsPattern("(?m)^ca_cert_expiration_timestamp_seconds\\{[^}]*mesh=\"" + MINTED_MESH + "\"");
        // The dashboard's "slower than 10 ms" panel matches this bucket bound exactly.
        assertThat(text).containsPattern("(?m)^ca_manager_get_cert_bucket\\{[^}]*le=\"10\\.0\"");
    }

    /**
     * Every {@code state} the dashboard and the rules match on is a state the gauge publishes ({@link CertState}), and
     * the overdue state, which the rules alert on, is exposed (issue 15 point 5).
     */
    @Test
    void everyCertificateStateTheQueriesMatchIsOneTheGaugePublishes() throws IOException {
        Pattern matcher = Pattern.compile("dataplane_certificates\\{[^}]*\\bstate\\s*=~?\\s*\"([^\"]*)\"");
        Set<String> matched = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = matcher.matcher(expr);
            while (m.find()) {
                matched.addAll(List.of(m.group(1).split("\\|")));
            }
        }
        assertThat(matched).contains("overdue", "renew-due", "expired");
        assertThat(CertState.spellings()).containsAll(matched);
        String text = scrape();
        for (String state : CertState.spellings()) {
            assertThat(text)
                    .as(state)
                    .containsPattern("(?m)^dataplane_certificates\\{[^}]*state=\"" + Pattern.quote(state) + "\"");
        }
    }

    // ---- the queries

    /** Metric names in every PromQL expression of the dashboard and the rules, with the labels matched on each. */
    static Map<String, Set<String>> usedMetrics() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (String expr : expressions()) {
            PromQl.metrics(expr)
                    .forEach((name, labels) ->
                            used.computeIfAbsent(name, n -> new TreeSet<>()).addAll(labels));
        }
        return used;
    }

    static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        collect(json.readTree(DASHBOARD.toFile()), expressions);
        for (JsonNode document : Manifests.documents(RULES)) {
            document.get("spec")
                    .get("groups")
                    .forEach(group -> group.get("rules")
                            .forEach(rule -> expressions.add(rule.get("expr").asText())));
        }
        assertThat(expressions).isNotEmpty();
        return expressions;
    }

    /** Dashboard targets ({@code expr}) and template variables ({@code query}, often {@code label_values(...)}). */
    private static void collect(JsonNode node, List<String> into) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual() && !expr.asText().isBlank()) {
                into.add(expr.asText());
            }
            JsonNode query = node.get("query");
            if (query != null && query.isObject() && query.has("query")) {
                into.add(query.get("query").asText());
            } else if (query != null && query.isTextual() && query.asText().contains("(")) {
                into.add(query.asText());
            }
            node.forEach(child -> collect(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, into));
        }
    }

    // ---- the exposition

    /** Series names in Prometheus text, each with the label names its samples carry. */
    static Map<String, Set<String>> exposedSeries(String text) {
        Map<String, Set<String>> series = new LinkedHashMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String line : text.split("\n")) {
            Matcher m = sample.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = series.computeIfAbsent(m.group(1), n -> new TreeSet<>());
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return series;
    }

    private static void putMesh(Meshes mesh) {
        mesh.put().then().statusCode(Matchers.oneOf(200, 201));
    }

    private static void putDataplane(String mesh) {
        Dataplanes.web(mesh, "dp-1").noServicePort().put().then().statusCode(Matchers.oneOf(200, 201));
    }

    private static Response mint(String mesh) {
        return given().header("Content-Type", "application/json")
                .body("{\"keyType\":\"ecdsa-p256\"}")
                .post("/meshes/" + mesh + "/dataplanes/dp-1/certificate");
    }

    private static String fixture(String name) throws IOException {
        try (var in = ObservabilityMetricsTest.class.getResourceAsStream("/kuma/provided-ca/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
