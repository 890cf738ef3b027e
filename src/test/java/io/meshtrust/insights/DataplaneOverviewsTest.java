package io.meshtrust.insights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.ResourceSpecs;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.SettableClock;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kuma's dataplane overview REST tests ({@code pkg/api-server/dataplane_overview_endpoints_test.go},
 * docs/kuma-ca-insights.md §11.12, items 69-75) with Kuma's goldens, plus the same filters on plain Dataplane lists and the
 * {@code dataplane-insights} type. The four Dataplanes are seeded straight into the store, as Kuma's test does
 * (their {@code service} tags are not {@code kuma.io/service}, which the HTTP API would refuse), at Kuma's creation
 * time.
 */
@QuarkusTest
class DataplaneOverviewsTest {

    static final String MESH = "mesh1";
    static final Instant CREATED = Instant.parse("2018-07-17T16:05:36.995Z");
    static final String SUBSCRIPTIONS = """
            [{"id": "stream-id-1", "controlPlaneInstanceId": "cp-1", "connectTime": "2019-07-01T00:00:00Z",
              "status": {"lastUpdateTime": "2019-07-01T00:00:00Z", "total": {}, "cds": {}, "eds": {}, "lds": {},
                         "rds": {}}}]""";
    static final String INBOUND = """
            {"networking": {"address": "127.0.0.1", "inbound": [{"port": 1234, "tags": {"service": "backend",
             "version": "v1", "tagcolumn": "tag:v"}}]}}""";

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @Inject
    ResourceSpecs specs;

    @Inject
    SettableClock clock;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void seedKumasFourDataplanes() {
        StoreReset.clear(store);
        Meshes.plain(MESH).put().then().statusCode(201);
        clock.set(CREATED);
        try {
            dataplane("dp-1", Map.of(), INBOUND, true);
            dataplane("dp-no-insights", Map.of(), INBOUND, false);
            dataplane("gateway-builtin", Map.of(), """
                    {"networking": {"address": "127.0.0.1", "gateway": {"tags": {"service": "gateway"},
                     "type": "BUILTIN"}}}""", true);
            dataplane("gateway-delegated", Map.of(), """
                    {"networking": {"address": "127.0.0.1", "gateway": {"tags": {"service": "gateway"}}}}""", true);
        } finally {
            clock.reset();
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    void dataplane(String name, Map<String, String> labels, String spec, boolean withInsight) {
        var key = ResourceKey.inMesh(ResourceType.DATAPLANE, MESH, name);
        var decoded = specs.of(ResourceType.DATAPLANE).decode((ObjectNode) Golden.parse(spec));
        store.create(Resource.draft(key, labels, decoded)).await().atMost(Duration.ofSeconds(10));
        if (withInsight) {
            insights.put(DataplaneInsight.of(key, (ArrayNode) Golden.parse(SUBSCRIPTIONS), null))
                    .await()
                    .atMost(Duration.ofSeconds(10));
        }
    }

    String address() {
        return base.getHost() + ":" + base.getPort();
    }

    String get(String path) {
        return given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void oneOverviewHasTheDataplanesMetaSpecAndInsight() {
        String legacy = get("/meshes/mesh1/dataplanes+insights/dp-1");
        String current = get("/meshes/mesh1/dataplanes/dp-1/_overview");
        JsonNode expected = Golden.parse(Golden.text("api/meshes_mesh1_dataplanes_insights.json"))
                .get("items")
                .get(0);

        // Not normalised: the creation time is Kuma's, set through the clock.
        assertThat(Golden.parse(legacy)).isEqualTo(expected);
        assertThat(Golden.parse(current)).isEqualTo(expected);
        assertThat(Golden.parse(legacy).get("creationTime").asText()).isEqualTo("2018-07-17T16:05:36.995Z");
        assertThat(Golden.parse(legacy).get("kri").asText()).isEqualTo("kri_dp_mesh1___dp-1_");
    }

    @Test
    void aDataplaneWithoutInsightHasNoInsightKey() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes/dp-no-insights/_overview")
                .then()
                .statusCode(200)
                .body("type", equalTo("DataplaneOverview"))
                .body("dataplane.networking.inbound[0].port", equalTo(1234))
                .body("$", not(hasKey("dataplaneInsight")));
    }

    @Test
    void listWithoutFiltersMatchesKumasGolden() {
        Golden.assertMatches(
                "api/meshes_mesh1_dataplanes_insights.json", get("/meshes/mesh1/dataplanes+insights"), address());
        Golden.assertMatches(
                "api/meshes_mesh1_dataplanes_insights.json", get("/meshes/mesh1/dataplanes/_overview"), address());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tag=service:backend                    | meshes_mesh1_dataplanes_insights_tag_service_backend.json",
                "tag=service:ck                         | meshes_mesh1_dataplanes_insights_tag_service_ck.json",
                "tag=service:backend&tag=version:v1     | meshes_mesh1_dataplanes_insights_tag_service_backend_tag_version_v1.json",
                "tag=tagcolumn:tag:v                    | meshes_mesh1_dataplanes_insights_tag_tagcolumn_tag_v.json",
                "tag=service:backend&tag=version:v2     | meshes_mesh1_dataplanes_insights_tag_service_backend_tag_version_v2.json",
                "gateway=true                           | meshes_mesh1_dataplanes_insights_gateway_true.json",
                "gateway=builtin                        | meshes_mesh1_dataplanes_insights_gateway_builtin.json",
                "gateway=delegated                      | meshes_mesh1_dataplanes_insights_gateway_delegated.json",
                "name=gateway                           | meshes_mesh1_dataplanes_insights_name_gateway.json",
                "name=tew                               | meshes_mesh1_dataplanes_insights_name_tew.json",
            })
    void filtersMatchKumasGoldens(String query, String golden) {
        Golden.assertMatches("api/" + golden, get("/meshes/mesh1/dataplanes+insights?" + query), address());
    }

    @Test
    void overviewPathFiltersByNameLikeKuma() {
        Golden.assertMatches(
                "api/meshes_mesh1_dataplanes_overview_name_tew.json",
                get("/meshes/mesh1/dataplanes/_overview?name=tew"),
                address());
    }

    @Test
    void tagFilterDetails() {
        // '*' matches any value; a value without ':' is ignored; the last value of a repeated key wins (Go map)
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?tag=version:*")
                .then()
                .body("items.name", contains("dp-1", "dp-no-insights"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?tag=malformed")
                .then()
                .body("total", equalTo(4));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?tag=version:v2&tag=version:v1")
                .then()
                .body("total", equalTo(2));
        // gateway tags count, and keys are exact while values are substrings
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?tag=service:gate")
                .then()
                .body("items.name", contains("gateway-builtin", "gateway-delegated"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?tag=servic:gateway")
                .then()
                .body("total", equalTo(0));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?gateway=false&tag=service:a")
                .then()
                .body("items.name", contains("dp-1", "dp-no-insights"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?gateway=TRUE")
                .then()
                .body("total", equalTo(2));
    }

    @Test
    void badPagingIsRejected() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?size=0")
                .then()
                .statusCode(400)
                .body("title", equalTo(InsightEndpoints.TITLE_OVERVIEWS))
                .body("invalid_parameters[0].field", equalTo("size"))
                .body("invalid_parameters[0].reason", equalTo("must be greater than 0"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?size=-1")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("size"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?size=10&offset=-1")
                .then()
                .statusCode(400)
                .body("detail", equalTo("invalid: invalid offset: must be non-negative"));
    }

    @Test
    void nextLinkPointsAtTheNextPage() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?size=1")
                .then()
                .statusCode(200)
                .body("total", equalTo(4))
                .body("items.name", contains("dp-1"))
                .body("next", equalTo("http://" + address() + "/meshes/mesh1/dataplanes+insights?offset=1&size=1"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?size=1&offset=3")
                .then()
                .body("items.name", contains("gateway-delegated"))
                .body("next", nullValue());
    }

    @Test
    void labelFilterOnTheOverview() {
        clock.set(CREATED);
        dataplane("labelled", Map.of("kuma.io/workload", "test-workload"), INBOUND, true);
        clock.reset();
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes/_overview?filter%5Blabels.kuma.io%2Fworkload%5D=test-workload")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].name", equalTo("labelled"))
                .body("items[0].labels", equalTo(Map.of("kuma.io/workload", "test-workload")))
                .body("items[0].dataplaneInsight.subscriptions[0].id", equalTo("stream-id-1"));
    }

    @Test
    void badGatewayValueIsKumasViolation() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights?gateway=bogus")
                .then()
                .statusCode(400)
                .body("title", equalTo(InsightEndpoints.TITLE_OVERVIEWS))
                .body("detail", equalTo("Resource is not valid"))
                .body("invalid_parameters[0].field", equalTo("/meshes/{mesh}/dataplanes+insights.gateway"))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("shoud use `true`, `false`, 'builtin' or 'delegated' instead of bogus"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes?gateway=Nope")
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not retrieve resources"))
                .body("invalid_parameters[0].field", equalTo("/meshes/{mesh}/dataplanes.gateway"))
                .body("invalid_parameters[0].reason", Matchers.endsWith("instead of nope"));
    }

    @Test
    void plainDataplaneListsTakeTagAndGatewayFilters() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes?tag=version:v1")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.type", contains("Dataplane", "Dataplane"))
                .body("items.name", contains("dp-1", "dp-no-insights"))
                .body("items[0].networking.inbound[0].tags.version", equalTo("v1"))
                .body("items[0]", not(hasKey("dataplaneInsight")));
        given().urlEncodingEnabled(false)
                .get("/dataplanes?gateway=builtin")
                .then()
                .statusCode(200)
                .body("items.name", contains("gateway-builtin"));
        given().urlEncodingEnabled(false)
                .get("/dataplanes?gateway=false&size=1")
                .then()
                .body("total", equalTo(2))
                .body("next", equalTo("http://" + address() + "/dataplanes?gateway=false&offset=1&size=1"));
    }

    @Test
    void listsOfEveryMesh() {
        Meshes.plain("mesh0").put().then().statusCode(201);
        Dataplanes.web("mesh0", "web").noServicePort().put().then().statusCode(201);
        given().urlEncodingEnabled(false)
                .get("/dataplanes+insights")
                .then()
                .statusCode(200)
                .body("total", equalTo(5))
                .body("items.mesh", contains("mesh0", "mesh1", "mesh1", "mesh1", "mesh1"))
                .body("items[0].type", equalTo("DataplaneOverview"));
        given().urlEncodingEnabled(false)
                .get("/dataplanes/_overview?gateway=true")
                .then()
                .statusCode(200)
                .body("items.name", contains("gateway-builtin", "gateway-delegated"));
        given().urlEncodingEnabled(false)
                .get("/dataplane-insights")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.name", contains("dp-1", "gateway-builtin", "gateway-delegated"));
    }

    @Test
    void dataplaneInsightsAreReadOnlyResources() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplane-insights")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.type", contains("DataplaneInsight", "DataplaneInsight", "DataplaneInsight"))
                .body("items.name", contains("dp-1", "gateway-builtin", "gateway-delegated"))
                .body("next", nullValue());
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplane-insights/dp-1")
                .then()
                .statusCode(200)
                .body("type", equalTo("DataplaneInsight"))
                .body("mesh", equalTo("mesh1"))
                .body("name", equalTo("dp-1"))
                .body("subscriptions[0].controlPlaneInstanceId", equalTo("cp-1"))
                .body("$", not(hasKey("mTLS")))
                .body("$", not(hasKey("dataplane")));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplane-insights/dp-no-insights")
                .then()
                .statusCode(404)
                .body("title", equalTo("Could not retrieve a resource"))
                .body("detail", equalTo("Not found"));
        given().header("Content-Type", "application/json")
                .body("{}")
                .put("/meshes/mesh1/dataplane-insights/dp-1")
                .then()
                .statusCode(405)
                .body("title", equalTo("Method not allowed"));
        given().delete("/meshes/mesh1/dataplane-insights/dp-1").then().statusCode(405);
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplane-insights/dp-1")
                .then()
                .statusCode(200);
    }

    @Test
    void missingMeshAndDataplaneAre404() {
        given().urlEncodingEnabled(false)
                .get("/meshes/nope/dataplanes+insights")
                .then()
                .statusCode(404)
                .body("title", equalTo("Failed to retrieve Mesh"));
        given().urlEncodingEnabled(false)
                .get("/meshes/nope/dataplanes/_overview")
                .then()
                .statusCode(404)
                .body("title", equalTo("Failed to retrieve Mesh"));
        given().urlEncodingEnabled(false)
                .get("/meshes/nope/dataplane-insights")
                .then()
                .statusCode(404)
                .body("title", equalTo("Failed to retrieve Mesh"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes+insights/nope")
                .then()
                .statusCode(404)
                .body("title", equalTo(InsightEndpoints.TITLE_OVERVIEW))
                .body("detail", equalTo("Not found"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes/nope/_overview")
                .then()
                .statusCode(404);
    }

    @Test
    void plusSignMayBeEncoded() {
        // Kuma matches the decoded path, so clients that encode '+' reach the same list
        given().get("/meshes/mesh1/dataplanes+insights").then().statusCode(200).body("total", equalTo(4));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes%2binsights/dp-1?format=universal")
                .then()
                .statusCode(200)
                .body("name", equalTo("dp-1"));
        // the next link repeats the path as the client wrote it, and works
        String next = given().urlEncodingEnabled(false)
                .get("/dataplanes%2Binsights?size=1")
                .then()
                .statusCode(200)
                .body("items.name", contains("dp-1"))
                .extract()
                .path("next");
        assertThat(next).isEqualTo("http://" + address() + "/dataplanes%2Binsights?offset=1&size=1");
        given().urlEncodingEnabled(false)
                .get(next.substring(next.indexOf("/dataplanes")))
                .then()
                .statusCode(200)
                .body("items.name", contains("dp-no-insights"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes%2Binsightsx")
                .then()
                .statusCode(404);
    }

    @Test
    void overviewRoutesDoNotShadowDataplaneRoutes() {
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes/dp-1")
                .then()
                .statusCode(200)
                .body("type", equalTo("Dataplane"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes/_overview")
                .then()
                .statusCode(200)
                .body("items[0].type", equalTo("DataplaneOverview"));
        // PUT is still the Dataplane route, and "_overview" is no valid Dataplane name
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Dataplane\",\"mesh\":\"mesh1\",\"name\":\"_overview\"}")
                .put("/meshes/mesh1/dataplanes/_overview")
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not process a resource"));
        given().urlEncodingEnabled(false)
                .get("/meshes/mesh1/dataplanes")
                .then()
                .statusCode(200)
                .body("items.type", contains("Dataplane", "Dataplane", "Dataplane", "Dataplane"));
    }
}
