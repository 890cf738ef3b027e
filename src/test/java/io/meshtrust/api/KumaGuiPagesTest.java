package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kuma's GUI page by page, as REST: the requests each page of the prebuilt GUI (Kuma 2.14) made when it was run against
 * meshtrust in Chromium (README, "Using the Kuma GUI", page by page), with the statuses it got and the fields the page
 * reads. The GUI itself cannot be fetched in CI; this keeps what it needs from regressing.
 */
@QuarkusTest
class KumaGuiPagesTest {

    @Inject
    ResourceStore store;

    @BeforeEach
    void seed() {
        StoreReset.clear(store);
        assertThat(Meshes.builtin("default").put().statusCode()).isEqualTo(201);
        assertThat(Meshes.plain("other").put().statusCode()).isEqualTo(201);
        assertThat(Dataplanes.web("default", "web-1").put().statusCode()).isEqualTo(201);
        assertThat(Dataplanes.web("default", "web-2").put().statusCode()).isEqualTo(201);
        assertThat(Dataplanes.builtinGateway("default", "edge", "edge").put().statusCode())
                .isEqualTo(201);
        given().header("Content-Type", "application/json")
                .body("{\"keyType\":\"ecdsa-p256\"}")
                .post("/meshes/default/dataplanes/web-1/certificate")
                .then()
                .statusCode(200);
    }

    private static JsonPath ok(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath();
    }

    private static void emptyList(String path) {
        JsonPath list = ok(path);
        assertThat(list.getInt("total")).as(path).isZero();
        assertThat(list.getList("items")).as(path).isEmpty();
        assertThat(list.getString("next")).as(path).isNull();
    }

    @Test
    void homePage() {
        JsonPath global = ok("/global-insight");
        assertThat(global.getInt("meshes.total")).isEqualTo(2);
        // web-1 and web-2 share one service; the gateway's is counted apart
        assertThat(global.getInt("services.internal.total")).isEqualTo(1);
        assertThat(global.getInt("dataplanes.standard.total")).isEqualTo(2);
        assertThat(global.getInt("dataplanes.gatewayBuiltin.total")).isEqualTo(1);
        List<Map<String, Object>> types = ok("/_resources").getList("resources");
        assertThat(types)
                .allSatisfy(t -> assertThat(t)
                        .containsKeys(
                                "name",
                                "scope",
                                "readOnly",
                                "path",
                                "singularDisplayName",
                                "pluralDisplayName",
                                "includeInFederation",
                                "shortName"));
        assertThat(ok("/mesh-insights?size=10&offset=0").getList("items.name")).containsExactly("default", "other");
    }

    @Test
    void meshOverview() {
        assertThat(ok("/meshes/default").getString("mtls.enabledBackend")).isEqualTo("ca-1");
        JsonPath insight = ok("/mesh-insights/default");
        assertThat(insight.getInt("dataplanes.total")).isEqualTo(3);
        assertThat(insight.getInt("services.total")).isEqualTo(2);
        emptyList("/meshes/default/meshidentities");
        emptyList("/meshes/default/meshtrusts");
    }

    @Test
    void dataplaneListAndDetail() {
        JsonPath list = ok("/meshes/default/dataplanes/_overview?offset=0&size=50");
        assertThat(list.getList("items.name")).contains("web-1", "web-2", "edge");
        String kri = ok("/meshes/default/dataplanes/web-1/_overview").getString("kri");
        assertThat(kri).startsWith("kri_dp_default_");
        JsonPath byKri = ok("/_kri/" + kri);
        assertThat(byKri.getString("name")).isEqualTo("web-1");
        JsonPath detail = ok("/meshes/default/dataplanes/web-1/_overview");
        // the TLS section
        assertThat(detail.getString("dataplaneInsight.mTLS.issuedBackend")).isEqualTo("ca-1");
        assertThat(detail.getList("dataplaneInsight.mTLS.supportedBackends")).containsExactly("ca-1");
        assertThat(detail.getInt("dataplaneInsight.mTLS.certificateRegenerations"))
                .isEqualTo(1);
        // the XDS connection: the version badge and the Envoy object the page reads without checking
        assertThat(detail.getString("dataplaneInsight.subscriptions[0].version.kumaDp.version"))
                .isEqualTo("unknown");
        assertThat(detail.getMap("dataplaneInsight.subscriptions[0].version.envoy"))
                .isNotNull();
        // the YAML tab's Kubernetes toggle
        JsonPath k8s = ok("/_kri/" + kri + "?format=kubernetes");
        assertThat(k8s.getString("apiVersion")).isEqualTo("kuma.io/v1alpha1");
        assertThat(k8s.getString("kind")).isEqualTo("Dataplane");
        assertThat(k8s.getString("metadata.name")).isEqualTo("web-1");
    }

    @Test
    void dataplanePoliciesTab() {
        // the policy types (the GUI's /policy-types source reads /_resources), then the rules and the sidecar
        // policies of the dataplane: Kuma's answers for a mesh without policies, so the tab renders empty lists
        assertThat(ok("/_resources").getList("resources.name")).contains("MeshTrafficPermission");
        JsonPath rules = ok("/meshes/default/dataplanes/web-1/_rules");
        assertThat(rules.getList("rules")).isEmpty(); // each rule's toRules, fromRules, proxyRule, inboundRules
        assertThat(rules.getList("httpMatches")).isEmpty();
        assertThat(rules.getString("resource.name")).isEqualTo("web-1");
        JsonPath sidecar = ok("/meshes/default/dataplanes/web-1/policies");
        assertThat(sidecar.getString("kind")).isEqualTo("SidecarDataplane");
        assertThat(sidecar.getList("items")).isEmpty(); // each item's type, name, service, matchedPolicies
        // the gateway's tab asks the same endpoints
        assertThat(ok("/meshes/default/dataplanes/edge/_rules").getList("rules"))
                .isEmpty();
        assertThat(ok("/meshes/default/dataplanes/edge/policies").getList("items"))
                .isEmpty();
        // with unified resource naming the overview asks the proxy's policies instead
        assertThat(ok("/meshes/default/dataplanes/web-1/_policies").getList("policies"))
                .isEmpty();
    }

    @Test
    void dataplaneLayout() {
        // the overview's inbounds: the GUI parses each kri (its section name), and maps outbounds unconditionally
        JsonPath layout = ok("/meshes/default/dataplanes/web-1/_layout");
        String kri = ok("/meshes/default/dataplanes/web-1").getString("kri");
        assertThat(layout.getString("kri")).isEqualTo(kri);
        assertThat(layout.getList("inbounds.kri")).containsExactly(kri + "8080");
        assertThat(layout.getList("inbounds.port")).containsExactly(8080);
        assertThat(layout.getList("inbounds.proxyResourceName")).containsExactly("self_inbound_dp_8080");
        assertThat(layout.getList("inbounds.protocol")).containsExactly("");
        assertThat(layout.getList("outbounds")).isEmpty();
        assertThat(layout.getList("listeners")).isEmpty();
        assertThat(layout.getMap("labels")).containsEntry("kuma.io/mesh", "default");
        // an inbound's summary asks its policies by the inbound's kri
        assertThat(ok("/meshes/default/dataplanes/web-1/_inbounds/" + kri + "8080/_policies")
                        .getList("policies"))
                .isEmpty();
    }

    @Test
    void envoyTabsAnswerNotFoundOnPurpose() {
        // meshtrust runs no xDS server: the Stats, Clusters and XDS configuration tabs show Kuma's 404
        for (String tab : List.of("stats", "clusters", "xds?include_eds=false")) {
            given().get("/meshes/default/dataplanes/web-1/" + tab).then().statusCode(404);
        }
    }

    @Test
    void servicesWorkloadsPoliciesAndResourcesAreEmptyLists() {
        emptyList("/meshes/default/meshservices?offset=0&size=50");
        emptyList("/meshes/default/meshexternalservices?offset=0&size=50");
        emptyList("/meshes/default/meshmultizoneservices?offset=0&size=50");
        emptyList("/meshes/default/workloads?size=50&offset=0");
        emptyList("/meshes/default/meshaccesslogs?size=50&offset=0");
        emptyList("/meshes/default/meshtrafficpermissions?size=50&offset=0");
        emptyList("/hostnamegenerators?size=50&offset=0");
        emptyList("/zones/_overview?size=50&offset=0");
        // a mesh that does not exist is Kuma's 404, not an empty list
        given().get("/meshes/nope/meshservices").then().statusCode(404);
    }

    @Test
    void configurationPage() {
        JsonPath config = ok("/config");
        assertThat(config.getString("mode")).isEqualTo("zone");
        assertThat(config.getString("environment")).isEqualTo("universal");
        assertThat(config.getString("store.type")).isEqualTo("memory");
        assertThat(config.getString("store.postgres.password")).isEqualTo("*****");
    }
}
