package io.meshtrust.insights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MeshInsight (docs/kuma-ca-insights.md §6.3), with Kuma's resyncer case (§11.11, item 68). Each mesh holds one Secret of its
 * own, the dataplane-token signing key.
 */
@QuarkusTest
class MeshInsightsTest {

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void seed() {
        StoreReset.clear(store);
        for (String mesh : List.of("resync", "contacts", "empty")) {
            Meshes.plain(mesh).put().then().statusCode(201);
        }
        // Kuma's resyncer test: dp1 offline (issued ca-1, supports ca-1), dp2 online (issued ca-2, supports both)
        dataplane("resync", "dp1", """
                [{"id": "1", "connectTime": "2019-07-01T00:00:00Z", "disconnectTime": "2019-07-01T00:10:00Z"}]""", "ca-1", List.of("ca-1"), null);
        dataplane("resync", "dp2", """
                [{"id": "2", "connectTime": "2019-07-01T00:00:00Z"}]""", "ca-2", List.of("ca-1", "ca-2"), null);
        // meshtrust's own contacts: within the idle timeout (5m) is online
        dataplane(
                "contacts",
                "recent",
                "[]",
                "ca-1",
                List.of("ca-1"),
                Instant.now().minusSeconds(30));
        dataplane("contacts", "gone", "[]", null, null, Instant.now().minus(Duration.ofMinutes(6)));
        dataplane("contacts", "silent", null, null, null, null);
    }

    void dataplane(
            String mesh, String name, String subscriptions, String issued, List<String> supported, Instant lastSeen) {
        Dataplanes.web(mesh, name).noServicePort().put().then().statusCode(201);
        if (subscriptions == null) {
            return;
        }
        var key = ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
        var mtls = issued == null
                ? null
                : new DataplaneInsight.MtlsStats(
                        Instant.now().plus(Duration.ofDays(1)), Instant.now(), 1, issued, supported);
        insights.put(new DataplaneInsight(
                        key, null, null, (ArrayNode) Golden.parse(subscriptions), null, mtls, null, lastSeen, lastSeen))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    static ObjectNode withoutTimes(String body) {
        var json = (ObjectNode) Golden.parse(body);
        assertThat(json.get("creationTime").asText()).isNotEmpty();
        assertThat(json.get("modificationTime").asText()).isNotEmpty();
        json.remove(List.of("creationTime", "modificationTime"));
        return json;
    }

    @Test
    void kumasResyncerCase() {
        String body = given().get("/mesh-insights/resync")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(withoutTimes(body)).isEqualTo(Golden.parse("""
                {"type": "MeshInsight", "name": "resync",
                 "dataplanes": {"total": 2, "online": 1, "offline": 1},
                 "mTLS": {
                  "issuedBackends": {"ca-1": {"total": 1, "offline": 1}, "ca-2": {"total": 1, "online": 1}},
                  "supportedBackends": {"ca-1": {"total": 2, "online": 1, "offline": 1},
                                        "ca-2": {"total": 1, "online": 1}}},
                 "services": {"total": 1, "internal": 1},
                 "dataplanesByType": {"standard": {"total": 2, "online": 1, "offline": 1}, "gateway": {},
                                      "gatewayBuiltin": {}, "gatewayDelegated": {}},
                 "resources": {"Dataplane": {"total": 2}, "Secret": {"total": 1}}}"""));
    }

    @Test
    void meshtrustContactsCountAndZerosAreOmitted() {
        String body = given().get("/mesh-insights/contacts")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(withoutTimes(body)).isEqualTo(Golden.parse("""
                {"type": "MeshInsight", "name": "contacts",
                 "dataplanes": {"total": 3, "online": 1, "offline": 2},
                 "mTLS": {"issuedBackends": {"ca-1": {"total": 1, "online": 1}},
                          "supportedBackends": {"ca-1": {"total": 1, "online": 1}}},
                 "services": {"total": 1, "internal": 1},
                 "dataplanesByType": {"standard": {"total": 3, "online": 1, "offline": 2}, "gateway": {},
                                      "gatewayBuiltin": {}, "gatewayDelegated": {}},
                 "resources": {"Dataplane": {"total": 3}, "Secret": {"total": 1}}}"""));
        String empty = given().get("/mesh-insights/empty")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(withoutTimes(empty)).isEqualTo(Golden.parse("""
                {"type": "MeshInsight", "name": "empty", "dataplanes": {}, "mTLS": {}, "services": {},
                 "dataplanesByType": {"standard": {}, "gateway": {}, "gatewayBuiltin": {}, "gatewayDelegated": {}},
                 "resources": {"Dataplane": {}, "Secret": {"total": 1}}}"""));
    }

    /** Distinct kuma.io/service values of inbounds and gateways; a Dataplane's repeats count once. */
    @Test
    void servicesAreTheDistinctServiceTagsOfTheMeshsDataplanes() {
        Meshes.plain("svc").put().then().statusCode(201);
        Dataplanes.web("svc", "a")
                .noServicePort()
                .inbound(8090, "web")
                .inbound(9000, "api")
                .put()
                .then()
                .statusCode(201);
        Dataplanes.web("svc", "b").noServicePort().service("api").put().then().statusCode(201);
        Dataplanes.gateway("svc", "g1", "edge").put().then().statusCode(201);
        Dataplanes.builtinGateway("svc", "g2", "public").put().then().statusCode(201);
        Dataplanes.gateway("svc", "g3", "edge").put().then().statusCode(201);
        given().get("/mesh-insights/svc")
                .then()
                .statusCode(200)
                .body("services.total", equalTo(4))
                .body("services.internal", equalTo(4))
                .body("services.external", nullValue());
        // web, api (svc), web (resync), web (contacts); gateways by kind: edge (delegated), public (builtin).
        given().get("/global-insight")
                .then()
                .statusCode(200)
                .body("services.internal.total", equalTo(4))
                .body("services.gatewayDelegated.total", equalTo(1))
                .body("services.gatewayDelegated.offline", equalTo(1))
                .body("services.gatewayBuiltin.total", equalTo(1))
                .body("services.internal.online", equalTo(0))
                .body("services.internal.partiallyDegraded", equalTo(2))
                .body("services.internal.offline", equalTo(2));
    }

    @Test
    void listPagesOverMeshes() {
        given().get("/mesh-insights")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.name", contains("contacts", "empty", "resync"))
                .body("items.dataplanes.total", contains(3, null, 2));
        given().get("/mesh-insights?size=2")
                .then()
                .body("items.name", contains("contacts", "empty"))
                .body(
                        "next",
                        equalTo("http://" + base.getHost() + ":" + base.getPort() + "/mesh-insights?offset=2&size=2"));
        given().get("/mesh-insights?name=sync").then().body("items.name", contains("resync"));
        given().get("/mesh-insights?size=0")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("size"));
    }

    @Test
    void meshInsightsAreReadOnlyAndNeedTheMesh() {
        given().get("/mesh-insights/nope")
                .then()
                .statusCode(404)
                .body("title", equalTo("Could not retrieve a resource"))
                .body("detail", equalTo("Not found"));
        given().header("Content-Type", "application/json")
                .body("{}")
                .put("/mesh-insights/resync")
                .then()
                .statusCode(405)
                .body("title", equalTo("Method not allowed"));
        given().delete("/mesh-insights/resync").then().statusCode(405);
        given().get("/meshes/resync").then().statusCode(200);
    }
}
