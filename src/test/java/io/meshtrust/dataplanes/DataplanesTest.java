package io.meshtrust.dataplanes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dataplane resources in Kuma's JSON, their identity rule, and the mesh deletion guard (docs/kuma-ca-insights.md §1.6, §4.1). */
@QuarkusTest
class DataplanesTest {

    static final String MESH = "dp-mesh";

    @BeforeEach
    void freshMesh() {
        given().delete("/meshes/" + MESH + "/dataplanes/web-1");
        given().delete("/meshes/" + MESH + "/dataplanes/wl-1");
        given().delete("/meshes/" + MESH);
        Meshes.plain(MESH).put().then().statusCode(201);
    }

    static Response put(String name, String body) {
        return given().header("Content-Type", "application/json")
                .body(body)
                .put("/meshes/" + MESH + "/dataplanes/" + name);
    }

    static String dp(String name, String labels, String networking) {
        return "{\"type\":\"Dataplane\",\"mesh\":\"" + MESH + "\",\"name\":\"" + name + "\"" + labels
                + ",\"networking\":" + networking + "}";
    }

    @Test
    void storesAndReturnsKumasDataplaneJson() {
        put(
                        "web-1",
                        dp(
                                "web-1",
                                "",
                                "{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{"
                                        + "\"kuma.io/service\":\"web\",\"version\":\"v1\"}}],\"unknown\":1}"))
                .then()
                .statusCode(201);
        given().get("/meshes/" + MESH + "/dataplanes/web-1")
                .then()
                .statusCode(200)
                .body("type", equalTo("Dataplane"))
                .body("kri", equalTo("kri_dp_" + MESH + "_default__web-1_"))
                .body("networking.address", equalTo("10.0.0.1"))
                .body("networking.inbound[0].port", equalTo(8080))
                .body("networking.inbound[0].tags.version", equalTo("v1"))
                .body("networking.unknown", Matchers.nullValue());
        given().get("/dataplanes").then().statusCode(200).body("items.name", Matchers.hasItem("web-1"));
    }

    @Test
    void needsAServiceTagOrTheWorkloadLabel() {
        put(
                        "web-1",
                        dp(
                                "web-1",
                                "",
                                "{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{\"app\":\"x\"}}]}"))
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not process a resource"))
                .body("invalid_parameters[0].field", equalTo("networking.inbound[0].tags[\"kuma.io/service\"]"));
        // Kuma requires kuma.io/service on an inbound that has tags at all; one without tags takes the workload label.
        put(
                        "wl-1",
                        dp(
                                "wl-1",
                                ",\"labels\":{\"kuma.io/workload\":\"backend\"}",
                                "{\"address\":\"10.0.0.2\",\"inbound\":[{\"port\":8080,\"tags\":{\"app\":\"x\"}}]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].reason", equalTo("tag has to exist"));
        Dataplanes.web(MESH, "wl-1")
                .noServicePort()
                .untagged()
                .label("kuma.io/workload", "backend")
                .address("10.0.0.2")
                .put()
                .then()
                .statusCode(201);
        put("web-1", dp("web-1", "", "{\"inbound\":[{\"port\":0,\"tags\":{\"kuma.io/service\":\"web\"}}]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters.field", equalTo(List.of("networking.address", "networking.inbound[0].port")));
        put("web-1", dp("web-1", "", "{\"address\":\"10.0.0.1\"}"))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("has to contain at least one inbound interface or gateway"));
        given().get("/meshes/" + MESH + "/dataplanes/web-1").then().statusCode(404);
    }

    /** Issue 13: Kuma's networking rules answer 400 with every violation and store nothing. */
    @Test
    void invalidNetworkingIsRefusedWithKumasViolationsAndNothingIsStored() {
        put(
                        "web-1",
                        dp(
                                "web-1",
                                "",
                                "{\"address\":\"999.1.1.1 x\",\"inbound\":[{\"port\":70000,\"servicePort\":0,"
                                        + "\"address\":\"host\",\"tags\":{\"kuma.io/service\":\"web\",\"bad tag\":\"v\"}}],"
                                        + "\"outbound\":[{\"port\":0,\"address\":\"db\",\"tags\":{\"kuma.io/service\":\"db\"}}]}"))
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not process a resource"))
                .body("detail", equalTo("Resource is not valid"))
                .body(
                        "invalid_parameters.field",
                        equalTo(List.of(
                                "networking.address",
                                "networking.inbound[0].port",
                                "networking.inbound[0].address",
                                "networking.inbound[0].tags[\"bad tag\"]",
                                "networking.outbound[0].port",
                                "networking.outbound[0].address")))
                .body(
                        "invalid_parameters.reason",
                        equalTo(List.of(
                                "address has to be valid IP address or domain name",
                                "port must be in the range [1, 65535]",
                                "address has to be valid IP address",
                                "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores",
                                "port must be in the range [1, 65535]",
                                "address has to be valid IP address")));
        given().get("/meshes/" + MESH + "/dataplanes/web-1").then().statusCode(404);
        put(
                        "web-1",
                        dp(
                                "web-1",
                                "",
                                "{\"address\":\"10.0.0.1\",\"gateway\":{\"type\":\"BUILTIN\",\"tags\":{"
                                        + "\"kuma.io/service\":\"gw\"}},\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\"}}]}"))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("networking.inbound"))
                .body("invalid_parameters[0].reason", equalTo("inbound cannot be defined for builtin gateways"));
        given().get("/meshes/" + MESH + "/dataplanes/web-1").then().statusCode(404);
        Dataplanes.web(MESH, "web-1")
                .noServicePort()
                .address("web.example.com")
                .put()
                .then()
                .statusCode(201);
    }

    @Test
    void meshWithDataplanesCannotBeDeleted() {
        Dataplanes.web(MESH, "web-1").noServicePort().put().then().statusCode(201);
        given().delete("/meshes/" + MESH)
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not delete a resource"))
                .body("invalid_parameters[0].field", equalTo("mesh"))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("unable to delete mesh, there are still some dataplanes attached"));
        given().delete("/meshes/" + MESH + "/dataplanes/web-1").then().statusCode(200);
        given().delete("/meshes/" + MESH).then().statusCode(200);
    }
}
