package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.meshtrust.resources.ResourceJson;
import io.meshtrust.resources.ResourceSpecs;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kuma's REST CRUD goldens ({@code pkg/api-server/testdata/resources/crud}, docs/kuma-ca-insights.md §11.13), run through
 * the real HTTP API. Each {@code <case>.input.yaml} names requests ({@code #<path> <status> [method=X]}) and seed
 * resources; {@code <case>_NN.request.json} is the body of request NN and {@code <case>_NN.golden.json} the
 * expected response.
 */
@QuarkusTest
class KumaCrudGoldenTest {

    /** Cases whose seed or path needs a resource type meshtrust does not serve (MeshService is a Kuma policy). */
    static final List<String> NOT_SERVED = List.of("list_meshservices");

    static final List<String> CASES = List.of(
            "put_meshes",
            "put_secret",
            "put_globalsecret",
            "get_global-secret",
            "get_globalsecret",
            "list_global-secret",
            "list_globalsecret",
            "list_mesh",
            "delete_meshes",
            "list_mesh_doesnt_exist_not_found",
            "list_dp_with_label_filter",
            "list_dp_with_label_filter_bad",
            "list_dp_with_label_filter_op_unsupported");

    private static final Pattern REQUEST = Pattern.compile("^#(/\\S*) (\\d{3})(?: method=(\\w+))?$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Inject
    ResourceStore store;

    @Inject
    ResourceSpecs specs;

    @TestHTTPResource("/")
    URL base;

    @TestFactory
    Stream<DynamicTest> kumaCrudGoldens() {
        return CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> run(name)));
    }

    private void run(String name) throws Exception {
        StoreReset.clear(store);
        String input = Golden.text("crud/" + name + ".input.yaml");
        seed(input);
        int n = 0;
        for (String line : input.lines().toList()) {
            var m = REQUEST.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String nn = String.format("%02d", n++);
            String method = m.group(3) == null ? "GET" : m.group(3);
            String requestFile = "crud/" + name + "_" + nn + ".request.json";
            var request = given().header("Content-Type", "application/json");
            if (Golden.exists(requestFile)) {
                request = request.body(Golden.text(requestFile));
            }
            Response response = request.request(method, m.group(1));
            assertThat(response.statusCode())
                    .as("%s %s (%s #%s)", method, m.group(1), name, nn)
                    .isEqualTo(Integer.parseInt(m.group(2)));
            String golden = "crud/" + name + "_" + nn + ".golden.json";
            if (Golden.exists(golden)) {
                Golden.assertMatches(golden, response.asString(), base.getHost() + ":" + base.getPort());
            }
        }
        assertThat(n).as("requests in %s", name).isPositive();
    }

    /** Seeds the YAML documents straight into the store (as Kuma's test does), skipping types not served yet. */
    private void seed(String input) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(input)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        for (JsonNode doc : docs) {
            if (doc == null || !doc.has("type")) {
                continue;
            }
            var type = ResourceType.byKumaName(doc.get("type").asText());
            if (type.isEmpty()) {
                continue;
            }
            var body = ResourceJson.parse(type.get(), doc.toString().getBytes(StandardCharsets.UTF_8));
            var key = new ResourceKey(type.get(), body.mesh(), body.name());
            store.create(Resource.draft(key, body.labels(), specs.of(type.get()).decode(body.spec())))
                    .await()
                    .atMost(Duration.ofSeconds(10));
        }
    }
}
