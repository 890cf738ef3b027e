package io.meshtrust.resources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.meshtrust.resources.KumaTypes.Answer;
import io.meshtrust.resources.KumaTypes.KumaType;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kuma types meshtrust does not store ({@link KumaTypes}, {@link Answer#EMPTY}) answer what Kuma answers for an
 * empty store: every list path of every such type, one by name, writes, a missing mesh, Kuma's list parameters.
 */
@QuarkusTest
class UnstoredTypesTest {

    static final String EMPTY = "{\"total\":0,\"items\":[],\"next\":null}";

    @Inject
    ResourceStore store;

    @BeforeEach
    void seed() {
        StoreReset.clear(store);
        Meshes.plain("default").put().then().statusCode(201);
    }

    static List<KumaType> unstored() {
        return KumaTypes.ALL.stream().filter(t -> t.answer() == Answer.EMPTY).toList();
    }

    /** Every list path: {@code /meshes/default/<path>} and {@code /<path>} of mesh-scoped types, else {@code /<path>}. */
    static List<String> listPaths() {
        List<String> paths = new ArrayList<>();
        for (KumaType t : unstored()) {
            for (String path : t.paths()) {
                if (!t.global()) {
                    paths.add("/meshes/default/" + path);
                }
                paths.add("/" + path);
                if (t.hasOverview()) {
                    paths.add("/" + path + "/_overview");
                }
            }
            t.overviewPaths().forEach(p -> paths.add("/" + p));
        }
        return paths;
    }

    @Test
    void everyListIsKumasEmptyList() {
        List<String> paths = listPaths();
        assertThat(paths)
                .contains(
                        "/meshes/default/meshservices",
                        "/meshes/default/meshexternalservices",
                        "/meshes/default/meshmultizoneservices",
                        "/meshes/default/workloads",
                        "/meshes/default/service-insights",
                        "/meshes/default/meshtrafficpermissions",
                        "/meshes/default/meshidentities",
                        "/meshes/default/meshtrusts",
                        "/meshes/default/external-services",
                        "/meshes/default/meshgateways",
                        "/meshservices",
                        "/zones",
                        "/zones/_overview",
                        "/zones+insights",
                        "/zone-insights",
                        "/hostnamegenerators",
                        "/zone-ingresses/_overview",
                        "/zoneingresses+insights",
                        "/zoneegresses/_overview",
                        "/zoneegressoverviews");
        for (String path : paths) {
            Response r = given().urlEncodingEnabled(false).get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.contentType()).as(path).contains("application/json");
            assertThat(Golden.parse(r.asString())).as(path).isEqualTo(Golden.parse(EMPTY));
        }
        // The + of Kuma's legacy overview path may come percent-encoded.
        given().urlEncodingEnabled(false)
                .get("/zones%2Binsights")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void listsCheckKumasListParameters() {
        for (String path : List.of("/meshes/default/meshservices", "/zones", "/meshtrafficpermissions")) {
            given().get(path + "?size=0")
                    .then()
                    .statusCode(400)
                    .body("title", equalTo("Could not retrieve resources"))
                    .body("invalid_parameters[0].field", equalTo("size"))
                    .body("invalid_parameters[0].reason", equalTo("must be greater than 0"));
            given().get(path + "?offset=x").then().statusCode(400).body("detail", containsString("invalid offset"));
            given().urlEncodingEnabled(false)
                    .get(path + "?filter%5Bname%5D=a")
                    .then()
                    .statusCode(400)
                    .body("invalid_parameters[0].reason", equalTo("filters are only supported on labels"));
            given().get(path + "?size=1000&offset=5&name=x")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(0));
        }
    }

    @Test
    void aMissingMeshIsKumasNotFoundFirst() {
        for (KumaType t : unstored()) {
            if (t.global()) {
                continue;
            }
            for (String path : List.of("/meshes/nope/" + t.path(), "/meshes/nope/" + t.path() + "/x")) {
                given().get(path)
                        .then()
                        .statusCode(404)
                        .body("title", equalTo("Failed to retrieve Mesh"))
                        .body("detail", equalTo("Not found"));
            }
        }
    }

    @Test
    void oneByNameIsKumasNotFound() {
        List<String> paths = new ArrayList<>();
        for (KumaType t : unstored()) {
            if (t.global()) {
                paths.add("/" + t.path() + "/some");
                paths.add("/" + t.path() + "/some/_overview");
            } else {
                paths.add("/meshes/default/" + t.path() + "/some");
                // What the GUI asks of a service or a policy (Kuma: the resource is missing).
                paths.add("/meshes/default/" + t.path() + "/some/_hostnames");
                paths.add("/meshes/default/" + t.path() + "/some/_resources/dataplanes");
            }
        }
        // _overview of a type without insights is a name.
        paths.add("/meshes/default/meshservices/_overview");
        paths.add("/hostnamegenerators/_overview");
        for (String path : paths) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .body("type", equalTo("/std-errors"))
                    .body("title", equalTo("Could not retrieve a resource"))
                    .body("detail", equalTo("Not found"));
        }
    }

    @Test
    void writesAreRefusedSayingMeshtrustDoesNotStoreTheType() {
        for (KumaType t : unstored()) {
            String path = t.global() ? "/" + t.path() + "/some" : "/meshes/default/" + t.path() + "/some";
            String body = "{\"type\":\"" + t.name() + "\",\"name\":\"some\""
                    + (t.global() ? "" : ",\"mesh\":\"default\"") + "}";
            for (Response r : List.of(
                    given().header("Content-Type", "application/json")
                            .body(body)
                            .put(path),
                    given().delete(path))) {
                r.then()
                        .statusCode(405)
                        .body("type", equalTo("/std-errors"))
                        .body("title", equalTo("Method not allowed"))
                        .body("detail", containsString("meshtrust does not store " + t.name() + " resources"))
                        .body("detail", containsString("trust plane"));
            }
        }
        given().get("/meshes/default/meshtrafficpermissions").then().body("total", equalTo(0));
    }

    @Test
    void unknownCollectionsStayNotFound() {
        given().get("/meshes/default/nothings").then().statusCode(404);
        given().get("/nothings").then().statusCode(404);
        given().get("/meshes/nope/nothings").then().statusCode(404).body("title", equalTo("Failed to retrieve Mesh"));
    }
}
