package io.meshtrust.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshtrust.openapi.JaxRsRoutes.Route;
import io.meshtrust.testsupport.TlsTestClient;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code src/main/resources/META-INF/openapi.yaml}, served on the management interface) against
 * the code: every JAX-RS route of {@code io.meshtrust} is described with its methods, path and query parameters and
 * body, every described operation is a route, Kuma's paths answer Kuma's schema names
 * ({@code src/test/resources/openapi/kuma-response-schemas.tsv}, from Kuma's {@code docs/generated/openapi.yaml}),
 * every error response is Kuma's {@code Error}, and the document is valid OpenAPI 3. It is served on the diagnostics
 * port only, never on the API ports, and Swagger UI is off outside dev mode.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final String FILE = "src/main/resources/META-INF/openapi.yaml";
    private static final String WHERE = " in " + FILE + " (served at :5680/q/openapi)";
    private static final Set<String> VERBS = RouteCoverage.VERBS;

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Inject
    HttpsPort httpsPort;

    private static JsonNode file;
    private static List<Route> routes;

    @BeforeAll
    static void read() throws IOException {
        file = new YAMLMapper().readTree(yaml());
        routes = JaxRsRoutes.ofApplication();
    }

    @Test
    void everyRouteIsDescribedWithItsMethod() {
        assertThat(routes).as("routes found in the code").hasSizeGreaterThan(40);
        assertThat(coverage().undescribed(routes))
                .as("routes the document does not describe")
                .isEmpty();
    }

    @Test
    void everyDescribedOperationIsARoute() {
        assertThat(coverage().unserved(routes))
                .as("described operations nothing serves")
                .isEmpty();
    }

    @Test
    void parametersAndBodiesMatchTheCode() {
        assertThat(coverage().parameterMismatches(routes))
                .as("parameters and bodies")
                .isEmpty();
    }

    /** Wherever the document describes an operation of Kuma's, its 200 answer has the schema name Kuma's has. */
    @Test
    void kumaPathsAnswerKumasSchemaNames() throws IOException {
        Map<String, String> kuma = kumaResponseSchemas();
        assertThat(kuma).containsEntry("GET /meshes/{}", "MeshItem");
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, JsonNode> path : entries(file.path("paths"))) {
            for (Map.Entry<String, JsonNode> op : entries(path.getValue())) {
                String key = op.getKey().toUpperCase() + " " + wildcards(path.getKey());
                String expected = kuma.get(key);
                if (expected == null) {
                    continue;
                }
                compared++;
                String actual = schemaName(op.getValue().path("responses").path("200"));
                if (!expected.equals(actual)) {
                    wrong.add(op.getKey() + " " + path.getKey() + WHERE + ": the 200 response's schema is " + actual
                            + ", Kuma's is " + expected);
                }
            }
        }
        assertThat(wrong).as("schema names of Kuma's paths").isEmpty();
        assertThat(compared).as("operations shared with Kuma").isGreaterThanOrEqualTo(15);
    }

    /** A few that the GUI reads, named here so that a change of the table above cannot drop them silently. */
    @Test
    void theGuiTypesLineUp() {
        assertThat(schemaName(response("get", "/"))).isEqualTo("Index");
        assertThat(schemaName(response("get", "/_resources"))).isEqualTo("ResourceTypeDescriptionList");
        assertThat(schemaName(response("get", "/global-insight"))).isEqualTo("GlobalInsightBase");
        assertThat(schemaName(response("get", "/meshes"))).isEqualTo("[MeshItem]");
        assertThat(schemaName(response("get", "/meshes/{mesh}/dataplanes/{name}")))
                .isEqualTo("DataplaneItem");
        assertThat(schemaName(response("get", "/meshes/{mesh}/dataplanes+insights")))
                .isEqualTo("[DataplaneOverviewWithMeta]");
        assertThat(schemaName(response("get", "/meshes/{mesh}/dataplanes/_overview")))
                .isEqualTo("[DataplaneOverviewWithMeta]");
        assertThat(schemaName(response("get", "/mesh-insights"))).isEqualTo("[MeshInsightItem]");
        assertThat(schemaName(
                        file.path("paths").path("/meshes/{name}").path("put").path("requestBody")))
                .isEqualTo("MeshItem");
    }

    /** Every 4xx and 5xx answer is Kuma's error body: schema Error, or NotFoundError, which is Error. */
    @Test
    void errorResponsesAreKumasError() {
        List<String> wrong = new ArrayList<>();
        int errors = 0;
        for (Map.Entry<String, JsonNode> path : entries(file.path("paths"))) {
            for (Map.Entry<String, JsonNode> op : entries(path.getValue())) {
                if (!VERBS.contains(op.getKey())) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> response :
                        entries(op.getValue().path("responses"))) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        errors++;
                        String name = schemaName(response.getValue());
                        if (!"Error".equals(name) && !"NotFoundError".equals(name)) {
                            wrong.add(op.getKey() + " " + path.getKey() + " " + response.getKey() + WHERE + ": schema "
                                    + name + ", expected Kuma's Error");
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(errors).isGreaterThan(50);
        JsonNode notFound = file.at("/components/schemas/NotFoundError/allOf/0/$ref");
        assertThat(notFound.asText()).isEqualTo("#/components/schemas/Error");
        assertThat(fieldNames(file.at("/components/schemas/Error/properties")))
                .contains("type", "status", "title", "detail", "instance", "invalid_parameters");
        assertThat(file.at("/components/schemas/Error/properties/invalid_parameters/items/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/InvalidParameters");
    }

    @Test
    void theDocumentIsValidOpenApi3() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(parsed.getOpenAPI().getPaths()).hasSizeGreaterThan(40);
        // Every local reference names something that exists (the parser leaves a dangling one unreported in 3.1).
        List<String> dangling = new ArrayList<>();
        collectRefs(file, dangling);
        dangling.removeIf(ref -> !file.at(ref.substring(1)).isMissingNode());
        assertThat(dangling).as("references to nothing").isEmpty();
    }

    @Test
    void servedOnTheManagementPortAsWritten() throws IOException {
        String served = given().port(management.getPort())
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode doc = new ObjectMapper().readTree(served);
        assertThat(fieldNames(doc.path("paths")))
                .as("no path added or dropped by the annotation scan")
                .isEqualTo(fieldNames(file.path("paths")));
        assertThat(fieldNames(doc.at("/components/schemas"))).isEqualTo(fieldNames(file.at("/components/schemas")));
        assertThat(doc.path("openapi").asText()).isEqualTo(file.path("openapi").asText());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served, null, new ParseOptions());
        assertThat(parsed.getMessages())
                .as("the served document, as swagger-parser reads it")
                .isEmpty();
        given().port(management.getPort()).get("/q/openapi").then().statusCode(200);
    }

    @Test
    void notOnTheApiPortsAndNoSwaggerUi() throws Exception {
        given().get("/q/openapi").then().statusCode(404);
        given().get("/openapi").then().statusCode(404);
        given().get("/q/swagger-ui").then().statusCode(404);
        given().get("/q/swagger-ui/").then().statusCode(404);
        List<X509Certificate> chain =
                TlsTestClient.serverChain("127.0.0.1", httpsPort.get().orElseThrow());
        TlsTestClient.restAssured(chain.get(0), httpsPort.get().orElseThrow())
                .get("/q/openapi")
                .then()
                .statusCode(404);
        given().port(management.getPort()).get("/q/swagger-ui").then().statusCode(404);
        given().port(management.getPort()).get("/q/swagger-ui/").then().statusCode(404);
    }

    /**
     * The schemas say what is sent: the fields the document marks required are in live answers (the index, the caller,
     * the resource types and the global insight, as the GUI reads them).
     */
    @Test
    void requiredFieldsAreSent() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> wrong = new ArrayList<>();
        for (String[] c : new String[][] {
            {"/", "Index"},
            {"/who-am-i", "WhoAmI"},
            {"/global-insight", "GlobalInsightBase"},
            {"/_resources", "ResourceTypeDescriptionList"}
        }) {
            JsonNode body = json.readTree(
                    given().get(c[0]).then().statusCode(200).extract().asString());
            requiredMissing(c[0], body, c[1], wrong);
            if (c[1].equals("ResourceTypeDescriptionList")) {
                assertThat(body.path("resources")).isNotEmpty();
                for (JsonNode item : body.path("resources")) {
                    requiredMissing(c[0] + " " + item.path("name").asText(), item, "ResourceTypeDescription", wrong);
                }
            }
        }
        assertThat(wrong).as("required fields the server does not send").isEmpty();
    }

    private static void requiredMissing(String what, JsonNode body, String schema, List<String> wrong) {
        for (JsonNode field : file.at("/components/schemas/" + schema + "/required")) {
            if (!body.has(field.asText())) {
                wrong.add(what + ": " + field.asText() + " (required by schema " + schema + WHERE + ")");
            }
        }
    }

    /** The route scanner itself: alternations expand, other regexes drop, nothing else changes. */
    @Test
    void theScannerExpandsTemplates() {
        assertThat(JaxRsRoutes.expand("/meshes/{mesh}/{collection: meshidentities|meshtrusts}/{name}"))
                .containsExactly("/meshes/{mesh}/meshidentities/{name}", "/meshes/{mesh}/meshtrusts/{name}");
        assertThat(JaxRsRoutes.expand("/{c: a|b}/{d:x|y}")).containsExactly("/a/x", "/a/y", "/b/x", "/b/y");
        assertThat(JaxRsRoutes.expand("/files/{path: .+}")).containsExactly("/files/{path}");
        assertThat(JaxRsRoutes.expand("/n/{id: [0-9]{1,3}}")).containsExactly("/n/{id}");
        assertThat(JaxRsRoutes.expand("/meshes/{mesh}/dataplanes+insights"))
                .containsExactly("/meshes/{mesh}/dataplanes+insights");
        Set<String> found = new HashSet<>();
        routes.forEach(r -> found.add(r.method() + " " + r.path()));
        assertThat(found)
                .contains(
                        "GET /",
                        "PUT /meshes/{name}",
                        "GET /global-secrets/{name}",
                        "DELETE /globalsecrets/{name}",
                        "GET /meshes/{mesh}/meshtrusts",
                        "POST /meshes/{mesh}/dataplanes/{name}/certificate");
        Route put = routes.stream()
                .filter(r -> r.method().equals("PUT") && r.path().equals("/meshes/{name}"))
                .findFirst()
                .orElseThrow();
        assertThat(put.queryParams()).containsExactly("force");
        assertThat(put.hasBody()).isTrue();
        Route list = routes.stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/meshes"))
                .findFirst()
                .orElseThrow();
        assertThat(list.readsAnyQuery()).isTrue();
        assertThat(list.hasBody()).isFalse();
    }

    // ---- reading the document

    private static String yaml() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            assertThat(in).as(FILE + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode response(String method, String path) {
        return file.path("paths").path(path).path(method).path("responses").path("200");
    }

    /**
     * The schema name a response or request body answers: {@code X} for a reference to schema X, {@code [X]} for
     * Kuma's list shape (an object, or an allOf, whose {@code items} are X); {@code null} for anything else.
     */
    static String schemaName(JsonNode responseOrBody) {
        JsonNode resolved = resolve(responseOrBody);
        JsonNode content = resolved.path("content");
        Iterator<JsonNode> media = content.elements();
        if (!media.hasNext()) {
            return null;
        }
        return name(media.next().path("schema"));
    }

    private static String name(JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        JsonNode items = schema.path("properties").path("items").path("items");
        if (items.has("$ref")) {
            return "[" + name(items) + "]";
        }
        for (JsonNode part : schema.path("allOf")) {
            JsonNode partItems = part.path("properties").path("items").path("items");
            if (partItems.has("$ref")) {
                return "[" + name(partItems) + "]";
            }
        }
        return null;
    }

    private static RouteCoverage coverage() {
        return new RouteCoverage(file, WHERE);
    }

    private static JsonNode resolve(JsonNode node) {
        return coverage().resolve(node);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : entries(node)) {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        return RouteCoverage.entries(node);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code /meshes/{mesh}/dataplanes/{name}} is {@code /meshes/{}/dataplanes/{}}: Kuma names parameters its way. */
    private static String wildcards(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    private static Map<String, String> kumaResponseSchemas() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/kuma-response-schemas.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                out.put(cols[0] + " " + wildcards(cols[1]), cols[2]);
            }
        }
        return out;
    }
}
