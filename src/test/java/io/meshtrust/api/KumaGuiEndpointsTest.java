package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Kuma's GUI reads, in Kuma's shapes (issue #8 point 3): {@code /_kri}, {@code /global-insight},
 * {@code /_resources}, mesh insights, the Dataplane overview's {@code mTLS}, the
 * index's {@code gui}, and no CORS headers unless origins are configured.
 */
@QuarkusTest
class KumaGuiEndpointsTest {

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @BeforeEach
    void seed() {
        StoreReset.clear(store);
        put("/meshes/default", Meshes.plain("default").json());
        put("/meshes/other", Meshes.plain("other").json());
        dataplane(Dataplanes.web("default", "web-1").noServicePort());
        dataplane(Dataplanes.web("default", "web-2").noServicePort());
        dataplane(Dataplanes.builtinGateway("default", "edge", "edge"));
        dataplane(Dataplanes.gateway("other", "ingress", "ingress"));
        // Each mesh also gets its dataplane-token signing key, a Secret: 2 Secrets in default, 1 in other.
        put(
                "/meshes/default/secrets/s1",
                "{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"s1\",\"data\":\"YQ==\"}");
        // web-1 and the delegated gateway were in contact a moment ago: online; the others never were.
        contact("default", "web-1");
        contact("other", "ingress");
    }

    static void put(String path, String body) {
        given().header("Content-Type", "application/json")
                .body(body)
                .put(path)
                .then()
                .statusCode(201);
    }

    static void dataplane(Dataplanes dataplane) {
        put(dataplane.path(), dataplane.json());
    }

    void contact(String mesh, String name) {
        var key = ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
        Instant now = Instant.now();
        insights.put(new DataplaneInsight(key, null, null, (ArrayNode) Golden.parse("[]"), null, null, null, now, now))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    static JsonNode json(String body) {
        return Golden.parse(body);
    }

    // ---- /_kri/{kri}

    @Test
    void kriOfDataplaneAnswersWhatItsGetAnswers() {
        String byPath = given().get("/meshes/default/dataplanes/web-1")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String byKri = given().get("/_kri/kri_dp_default___web-1_")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .extract()
                .asString();
        assertThat(json(byKri)).isEqualTo(json(byPath));
        // The Dataplane's own kri names its zone (label kuma.io/zone): it finds the same resource.
        String own = json(byPath).get("kri").asText();
        assertThat(own).isEqualTo("kri_dp_default_default__web-1_");
        assertThat(json(given().get("/_kri/" + own)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()))
                .isEqualTo(json(byPath));
    }

    @Test
    void kriOfMeshHasAnEmptyMeshPart() {
        String byPath =
                given().get("/meshes/other").then().statusCode(200).extract().asString();
        String byKri = given().get("/_kri/kri_m____other_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(json(byKri)).isEqualTo(json(byPath));
        assertThat(json(byKri).get("kri").asText()).isEqualTo("kri_m____other_");
    }

    @Test
    void kriIgnoresTheSectionName() {
        given().get("/_kri/kri_dp_default___web-1_8080").then().statusCode(200).body("name", equalTo("web-1"));
    }

    @Test
    void kriOfUnknownResourceIsKumaNotFound() {
        for (String kri : List.of(
                "kri_dp_default___nope_",
                "kri_dp_nomesh___web-1_",
                "kri_m____nope_",
                "kri_dp_default_zone-1__web-1_",
                "kri_dp_default__ns__web-1_",
                "kri_dp____web-1_")) {
            given().urlEncodingEnabled(false)
                    .get("/_kri/" + kri)
                    .then()
                    .statusCode(404)
                    .body("type", equalTo("/std-errors"))
                    .body("status", equalTo(404))
                    .body("title", equalTo("Could not retrieve a resource"))
                    .body("detail", equalTo("Not found"));
        }
    }

    /** A NUL cannot be in any name: the request is refused before the lookup, on either store. */
    @Test
    void kriHoldingNulIsBadRequest() {
        for (String kri : List.of("kri_dp_%00___web-1_", "kri_dp_default___%00_")) {
            given().urlEncodingEnabled(false)
                    .get("/_kri/" + kri)
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("/std-errors"))
                    .body("title", equalTo("Bad Request"))
                    .body("detail", containsString("NUL character (%00)"));
        }
    }

    @Test
    void malformedKriIsBadRequestSayingWhy() {
        given().get("/_kri/kri_dp_default")
                .then()
                .statusCode(400)
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("invalid identifier string: \"kri_dp_default\""));
        given().get("/_kri/kro_dp_default___web-1_")
                .then()
                .statusCode(400)
                .body("detail", equalTo("identifier must start with 'kri': \"kro_dp_default___web-1_\""));
        given().get("/_kri/kri_zz_default___web-1_")
                .then()
                .statusCode(400)
                .body("detail", containsString("unknown short name of resource type: \"zz\""));
    }

    @Test
    void kriOfAKumaTypeMeshtrustDoesNotStoreIsKumaNotFound() {
        // Kuma's short names all parse (KumaTypes); no resource of an unstored type exists.
        for (String kri : List.of("kri_mtp_default___allow_", "kri_msvc_default___web_", "kri_z____zone-1_")) {
            given().get("/_kri/" + kri)
                    .then()
                    .statusCode(404)
                    .body("title", equalTo("Could not retrieve a resource"))
                    .body("detail", equalTo("Not found"));
        }
    }

    @Test
    void kriChecksFormatLikeGet() {
        given().get("/_kri/kri_m____other_?format=yaml")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("\"format\" must be one of [\"k8s\", \"kubernetes\", \"universal\"]"));
    }

    // ---- /global-insight

    @Test
    void globalInsightCountsFromTheStoreInKumasShape() {
        String body =
                given().get("/global-insight").then().statusCode(200).extract().asString();
        ObjectNode insight = (ObjectNode) json(body);
        assertThat(Instant.parse(insight.remove("createdAt").asText()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(insight).isEqualTo(json("""
                {
                 "dataplanes": {
                  "gatewayBuiltin": {"offline": 1, "online": 0, "partiallyDegraded": 0, "total": 1},
                  "gatewayDelegated": {"offline": 0, "online": 1, "partiallyDegraded": 0, "total": 1},
                  "standard": {"offline": 1, "online": 1, "partiallyDegraded": 0, "total": 2}
                 },
                 "meshes": {"total": 2},
                 "policies": {"total": 0},
                 "resources": {"Dataplane": {"total": 4}, "Secret": {"total": 3}},
                 "services": {
                  "external": {"total": 0},
                  "gatewayBuiltin": {"offline": 1, "online": 0, "partiallyDegraded": 0, "total": 1},
                  "gatewayDelegated": {"offline": 0, "online": 1, "partiallyDegraded": 0, "total": 1},
                  "internal": {"offline": 0, "online": 0, "partiallyDegraded": 1, "total": 1}
                 },
                 "zones": {
                  "controlPlanes": {"online": 0, "total": 0},
                  "zoneEgresses": {"online": 0, "total": 0},
                  "zoneIngresses": {"online": 0, "total": 0}
                 }
                }"""));
    }

    @Test
    void globalInsightOfAnEmptyStoreIsAllZeros() {
        StoreReset.clear(store);
        given().get("/global-insight")
                .then()
                .statusCode(200)
                .body("meshes.total", equalTo(0))
                .body("dataplanes.standard.total", equalTo(0))
                .body("resources.Dataplane.total", equalTo(0));
    }

    // ---- /_resources

    @Test
    void resourcesListsEveryAnsweredTypeInKumasShapeSortedByName() {
        String body =
                given().get("/_resources").then().statusCode(200).extract().asString();
        JsonNode list = json(body).get("resources");
        List<String> names = new ArrayList<>();
        list.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).isSorted().contains("Dataplane", "MeshService", "Workload", "Zone", "MeshGateway");
        JsonNode golden =
                Golden.parse(Golden.text("api/_resources.golden.json")).get("resources");
        for (JsonNode kuma : golden) {
            JsonNode ours = find(list, kuma.get("name").asText());
            // Every field Kuma's OpenAPI marks required (api/openapi/specs/common/resource.yaml), with Kuma's values.
            for (String field : List.of(
                    "name",
                    "scope",
                    "path",
                    "singularDisplayName",
                    "pluralDisplayName",
                    "includeInFederation",
                    "shortName")) {
                assertThat(ours.get(field)).as(kuma.get("name") + "." + field).isEqualTo(kuma.get(field));
            }
            assertThat(ours.has("readOnly")).isTrue();
            assertThat(ours.get("policy")).as(kuma.get("name") + ".policy").isEqualTo(kuma.get("policy"));
            // The types meshtrust does not store say so, and are read-only; the others are Kuma's entry exactly.
            if (ours.get("stored").asBoolean()) {
                ObjectNode withoutOurs = ((ObjectNode) ours).deepCopy();
                withoutOurs.remove("stored");
                assertThat(withoutOurs).isEqualTo(kuma);
            } else {
                assertThat(ours.get("readOnly").asBoolean())
                        .as(kuma.get("name") + ".readOnly")
                        .isTrue();
            }
        }
        assertThat(find(list, "Dataplane").get("stored").asBoolean()).isTrue();
        assertThat(find(list, "MeshInsight").get("stored").asBoolean()).isTrue();
        assertThat(find(list, "MeshTrafficPermission").get("stored").asBoolean())
                .isFalse();
        assertThat(find(list, "MeshGateway")).isEqualTo(json("""
                {"includeInFederation": true, "name": "MeshGateway", "path": "meshgateways",
                 "pluralDisplayName": "Mesh Gateways", "readOnly": true, "scope": "Mesh", "shortName": "mgw",
                 "singularDisplayName": "Mesh Gateway", "stored": false}"""));
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode t : list) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no " + name + " in /_resources");
    }

    // ---- /mesh-insights

    @Test
    void meshInsightsCarryWhatTheGuiReads() {
        String body =
                given().get("/mesh-insights").then().statusCode(200).extract().asString();
        JsonNode list = json(body);
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("next").isNull()).isTrue();
        ObjectNode first = (ObjectNode) list.get("items").get(0);
        assertThat(first.get("creationTime").asText()).isNotEmpty();
        assertThat(first.get("modificationTime").asText()).isNotEmpty();
        first.remove(List.of("creationTime", "modificationTime"));
        assertThat(first).isEqualTo(json("""
                {
                 "type": "MeshInsight",
                 "name": "default",
                 "dataplanes": {"total": 3, "online": 1, "offline": 2},
                 "mTLS": {},
                 "services": {"total": 2, "internal": 2},
                 "dataplanesByType": {
                  "standard": {"total": 2, "online": 1, "offline": 1},
                  "gateway": {"total": 1, "offline": 1},
                  "gatewayBuiltin": {"total": 1, "offline": 1},
                  "gatewayDelegated": {}
                 },
                 "resources": {"Dataplane": {"total": 3}, "Secret": {"total": 2}}
                }"""));
        given().get("/mesh-insights/other")
                .then()
                .statusCode(200)
                .body("dataplanesByType.gatewayDelegated.online", equalTo(1))
                .body("dataplanesByType.gateway.total", equalTo(1))
                .body("resources.Secret.total", equalTo(1));
    }

    // ---- Dataplane detail after a certificate

    @Test
    void overviewShowsTheCertificateJustMinted() {
        put("/meshes/minted", Meshes.builtin("minted").json());
        dataplane(Dataplanes.web("minted", "web-1").noServicePort());
        Instant before = Instant.now().minusSeconds(1);
        given().header("Content-Type", "application/json")
                .body("{}")
                .post("/meshes/minted/dataplanes/web-1/certificate")
                .then()
                .statusCode(200);

        String body = given().get("/meshes/minted/dataplanes/web-1/_overview")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode mtls = json(body).path("dataplaneInsight").path("mTLS");
        assertThat(mtls.get("issuedBackend").asText()).isEqualTo("ca-1");
        assertThat(mtls.get("certificateRegenerations").asInt()).isEqualTo(1);
        assertThat(mtls.get("supportedBackends")).isEqualTo(json("[\"ca-1\"]"));
        Instant regenerated =
                Instant.parse(mtls.get("lastCertificateRegeneration").asText());
        assertThat(regenerated).isBetween(before, Instant.now().plusSeconds(1));
        String expires = mtls.get("certificateExpirationTime").asText();
        assertThat(expires).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(expires)).isAfter(regenerated);
        given().get("/mesh-insights/minted")
                .then()
                .statusCode(200)
                .body("mTLS.issuedBackends.ca-1.total", equalTo(1))
                .body("mTLS.issuedBackends.ca-1.online", equalTo(1));
    }

    // ---- index, CORS default

    @Test
    void indexPointsAtTheGui() {
        given().get("/").then().statusCode(200).body("gui", equalTo("/gui"));
    }

    @Test
    void noCorsHeadersWhenNoOriginIsConfigured() {
        given().header("Origin", "http://localhost:5681")
                .get("/global-insight")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://localhost:5681")
                .header("Access-Control-Request-Method", "GET")
                .options("/meshes")
                .then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
    }
}
