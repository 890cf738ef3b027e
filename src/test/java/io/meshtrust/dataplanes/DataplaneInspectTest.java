package io.meshtrust.dataplanes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kuma's inspect endpoints of a Dataplane ({@code _rules}, {@code _layout}, {@code policies}, {@code _policies} and the
 * inbound and outbound {@code _policies}): the bodies Kuma answers for a mesh without policies, the layout derived
 * from the stored Dataplane, and Kuma's 404s and 400s.
 */
@QuarkusTest
class DataplaneInspectTest {

    static final String MESH = "inspect-mesh";
    static final String BASE = "/meshes/" + MESH + "/dataplanes/";

    @BeforeEach
    void seed() {
        for (String dp : List.of("web-1", "named", "gw")) {
            given().delete(BASE + dp);
        }
        given().delete("/meshes/" + MESH);
        Meshes.plain(MESH).put().then().statusCode(201);
        Dataplanes.web(MESH, "web-1").put().then().statusCode(201);
        Dataplanes.gateway(MESH, "gw", "edge").put().then().statusCode(201);
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Dataplane\",\"mesh\":\"" + MESH + "\",\"name\":\"named\","
                        + "\"labels\":{\"app\":\"shop\"},\"networking\":{\"address\":\"10.0.0.2\",\"inbound\":["
                        + "{\"port\":8080,\"name\":\"main-port\",\"protocol\":\"http\","
                        + "\"tags\":{\"kuma.io/service\":\"shop\",\"kuma.io/protocol\":\"http\"}},"
                        + "{\"port\":8081,\"tags\":{\"kuma.io/service\":\"shop\",\"kuma.io/protocol\":\"grpc\"}},"
                        + "{\"port\":8082,\"tags\":{\"kuma.io/service\":\"shop\"}}]}}")
                .put(BASE + "named")
                .then()
                .statusCode(201);
    }

    private static JsonPath ok(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath status(String path, int status) {
        return given().get(path).then().statusCode(status).extract().jsonPath();
    }

    @Test
    void rulesAreEmptyWithTheDataplanesMeta() {
        JsonPath rules = ok(BASE + "web-1/_rules");
        assertThat(rules.getMap("")).containsOnlyKeys("httpMatches", "resource", "rules");
        assertThat(rules.getList("httpMatches")).isEmpty();
        assertThat(rules.getList("rules")).isEmpty();
        assertThat(rules.getMap("resource")).containsOnlyKeys("labels", "mesh", "name", "type");
        assertThat(rules.getString("resource.type")).isEqualTo("Dataplane");
        assertThat(rules.getString("resource.mesh")).isEqualTo(MESH);
        assertThat(rules.getString("resource.name")).isEqualTo("web-1");
        assertThat(rules.getMap("resource.labels"))
                .containsEntry("kuma.io/mesh", MESH)
                .containsEntry("kuma.io/origin", "zone")
                .containsEntry("kuma.io/zone", "default");
        assertThat(ok(BASE + "named/_rules").getMap("resource.labels")).containsEntry("app", "shop");
    }

    @Test
    void layoutDerivesTheInboundsFromTheSpec() {
        JsonPath layout = ok(BASE + "named/_layout");
        assertThat(layout.getMap("")).containsOnlyKeys("inbounds", "kri", "labels", "listeners", "outbounds");
        String kri = "kri_dp_" + MESH + "_default__named_";
        assertThat(layout.getString("kri")).isEqualTo(kri);
        assertThat(layout.getMap("labels")).containsEntry("app", "shop").containsEntry("kuma.io/zone", "default");
        assertThat(layout.getList("inbounds", Map.class))
                .containsExactly(
                        Map.of(
                                "kri",
                                kri + "main-port",
                                "port",
                                8080,
                                "protocol",
                                "http",
                                "proxyResourceName",
                                "self_inbound_dp_main-port"),
                        // no name: the port is the section name; no protocol field: the kuma.io/protocol tag
                        Map.of(
                                "kri",
                                kri + "8081",
                                "port",
                                8081,
                                "protocol",
                                "grpc",
                                "proxyResourceName",
                                "self_inbound_dp_8081"),
                        Map.of(
                                "kri",
                                kri + "8082",
                                "port",
                                8082,
                                "protocol",
                                "",
                                "proxyResourceName",
                                "self_inbound_dp_8082"));
        assertThat(layout.getList("listeners")).isEmpty();
        assertThat(layout.getList("outbounds")).isEmpty();

        JsonPath gateway = ok(BASE + "gw/_layout");
        assertThat(gateway.getList("inbounds")).isEmpty();
        assertThat(gateway.getList("outbounds")).isEmpty();
        assertThat(gateway.getString("kri")).isEqualTo("kri_dp_" + MESH + "_default__gw_");
    }

    @Test
    void policiesAreEmpty() {
        JsonPath sidecar = ok(BASE + "web-1/policies");
        assertThat(sidecar.getMap(""))
                .containsOnlyKeys("kind", "total", "items")
                .containsEntry("kind", "SidecarDataplane")
                .containsEntry("total", 0);
        assertThat(sidecar.getList("items")).isEmpty();
        assertThat(ok(BASE + "web-1/_policies").getMap("")).isEqualTo(Map.of("policies", List.of()));
        String inbound = "kri_dp_" + MESH + "_default__named_main-port";
        assertThat(ok(BASE + "named/_inbounds/" + inbound + "/_policies").getMap(""))
                .isEqualTo(Map.of("policies", List.of()));
        assertThat(ok(BASE + "named/_inbounds/kri_dp_" + MESH + "_default__named_8081/_policies")
                        .getList("policies"))
                .isEmpty();
        assertThat(ok(BASE + "web-1/_outbounds/kri_msvc_" + MESH + "_default__backend_http/_policies")
                        .getMap(""))
                .isEqualTo(Map.of("policies", List.of()));
    }

    @Test
    void missingMeshOrDataplaneIsKumas404() {
        Map<String, String> meshTitles = Map.of(
                "_rules", "Failed to retrieve Mesh",
                "_layout", "Failed to build MeshContext",
                "policies", "Could not build MeshContext",
                "_policies", "Failed to retrieve Mesh");
        meshTitles.forEach((view, title) -> {
            JsonPath error = status("/meshes/nope/dataplanes/web-1/" + view, 404);
            assertThat(error.getString("title")).as(view).isEqualTo(title);
            assertThat(error.getString("detail")).as(view).isEqualTo("Not found");
            assertThat(error.getString("type")).as(view).isEqualTo("/std-errors");
        });
        Map<String, String> dataplaneTitles = Map.of(
                "_rules",
                "Could not retrieve Dataplane",
                "_layout",
                "Failed to retrieve Dataplane",
                "policies",
                "Could not get MatchedPolicies",
                "_policies",
                "Could not retrieve Dataplane",
                "_inbounds/kri_dp_" + MESH + "_default__nope_8080/_policies",
                "Could not retrieve Dataplane",
                "_outbounds/kri_msvc_" + MESH + "_default__b_/_policies",
                "Could not retrieve Dataplane");
        dataplaneTitles.forEach((view, title) -> {
            JsonPath error = status(BASE + "nope/" + view, 404);
            assertThat(error.getString("title")).as(view).isEqualTo(title);
            assertThat(error.getString("detail")).as(view).isEqualTo("Not found");
        });
    }

    @Test
    void badKrisAre400AndAnUnknownInboundIs404() {
        JsonPath bad = status(BASE + "web-1/_inbounds/not-a-kri/_policies", 400);
        assertThat(bad.getString("title")).isEqualTo("Bad Request");
        assertThat(bad.getString("detail")).isEqualTo("invalid identifier string: \"not-a-kri\"");
        JsonPath badOutbound = status(BASE + "web-1/_outbounds/kri_zz_a_b_c_d_e/_policies", 400);
        assertThat(badOutbound.getString("title")).isEqualTo("Bad Request");
        assertThat(badOutbound.getString("detail")).isEqualTo("unknown short name of resource type: \"zz\"");
        JsonPath unknown = status(BASE + "named/_inbounds/kri_dp_" + MESH + "_default__named_9999/_policies", 404);
        assertThat(unknown.getString("title")).isEqualTo("Failed building response");
        // a gateway has no inbound at all
        status(BASE + "gw/_inbounds/kri_dp_" + MESH + "_default__gw_/_policies", 404);
    }

    @Test
    void theInboundProtocolIsKeptAndCheckedAsKumaDoes() {
        assertThat(ok(BASE + "named").getString("networking.inbound[0].protocol"))
                .isEqualTo("http");
        JsonPath refused = given().header("Content-Type", "application/json")
                .body("{\"type\":\"Dataplane\",\"mesh\":\"" + MESH + "\",\"name\":\"web-1\",\"networking\":{"
                        + "\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":8080,\"protocol\":\"smtp\","
                        + "\"tags\":{\"kuma.io/service\":\"web\"}}]}}")
                .put(BASE + "web-1")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        assertThat(refused.getList("invalid_parameters.field")).containsExactly("networking.inbound[0].protocol");
        assertThat(refused.getList("invalid_parameters.reason"))
                .containsExactly("has an invalid value \"smtp\". Allowed values: grpc, http, http2, kafka, tcp");
    }
}
