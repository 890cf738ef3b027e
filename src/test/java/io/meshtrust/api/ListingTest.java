package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing, paging and filters (docs/kuma-ca-insights.md §7.6), create-or-update semantics (§7.3) and mesh cascade. */
@QuarkusTest
class ListingTest {

    @Inject
    ResourceStore store;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void seed() {
        StoreReset.clear(store);
        for (String mesh : List.of("b-mesh", "a-mesh")) {
            put("/meshes/" + mesh, Meshes.plain(mesh).json(), 201);
        }
        for (String name : List.of("web-2", "web-1", "db", "web-10")) {
            String team = name.startsWith("web") ? "front" : "back";
            put(
                    "/meshes/a-mesh/secrets/" + name,
                    "{\"type\":\"Secret\",\"mesh\":\"a-mesh\",\"name\":\"" + name + "\",\"labels\":{\"team\":\"" + team
                            + "\"},\"data\":\"YQ==\"}",
                    201);
        }
        put(
                "/meshes/b-mesh/secrets/web-1",
                "{\"type\":\"Secret\",\"mesh\":\"b-mesh\",\"name\":\"web-1\",\"data\":\"Yg==\"}",
                201);
    }

    @Test
    void listsAreSortedByMeshThenNameInByteOrder() {
        // every mesh also got its dataplane-token signing key on creation
        given().get("/secrets")
                .then()
                .statusCode(200)
                .body("total", equalTo(7))
                .body("items.mesh", contains("a-mesh", "a-mesh", "a-mesh", "a-mesh", "a-mesh", "b-mesh", "b-mesh"))
                .body(
                        "items.name",
                        contains(
                                "dataplane-token-signing-key-a-mesh-1",
                                "db",
                                "web-1",
                                "web-10",
                                "web-2",
                                "dataplane-token-signing-key-b-mesh-1",
                                "web-1"))
                .body("next", nullValue());
    }

    @Test
    void pagesFollowNextUntilTheEnd() {
        var filtered = given().get("/meshes/a-mesh/secrets?size=2&name=web")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .extract()
                .jsonPath();
        assertThat(filtered.getList("items.name", String.class)).containsExactly("web-1", "web-10");
        String next = filtered.getString("next");
        assertThat(next)
                .isEqualTo("http://" + base.getHost() + ":" + base.getPort()
                        + "/meshes/a-mesh/secrets?name=web&offset=2&size=2");
        given().urlEncodingEnabled(false)
                .get(next.substring(next.indexOf("/meshes")))
                .then()
                .body("items.name", contains("web-2"))
                .body("next", nullValue());
        given().get("/meshes/a-mesh/secrets?size=2&offset=3")
                .then()
                .body("items.name", contains("web-10", "web-2"))
                .body("total", equalTo(5))
                .body("next", nullValue());
        given().get("/meshes/a-mesh/secrets?size=2")
                .then()
                .body(
                        "next",
                        equalTo("http://" + base.getHost() + ":" + base.getPort()
                                + "/meshes/a-mesh/secrets?offset=2&size=2"));
        given().get("/meshes/a-mesh/secrets?offset=10")
                .then()
                .body("items", Matchers.empty())
                .body("total", equalTo(5));
    }

    @Test
    void filtersByNameSubstringAndLabels() {
        given().get("/secrets?name=web-1").then().body("total", equalTo(3));
        given().urlEncodingEnabled(true)
                .queryParam("filter[labels.team]", "back")
                .get("/meshes/a-mesh/secrets")
                .then()
                .statusCode(200)
                .body("items.name", contains("db"));
        given().queryParam("filter[labels.team]", "front")
                .queryParam("name", "10")
                .get("/secrets")
                .then()
                .body("items.name", contains("web-10"));
        given().queryParam("filter[labels.kuma.io/mesh]", "b-mesh")
                .get("/secrets")
                .then()
                .body("items.name", contains("web-1"))
                .body("items.mesh", contains("b-mesh"));
    }

    @Test
    void putUpdatesKeepCreationTimeAndAdvanceModificationTime() {
        var first = given().get("/meshes/a-mesh/secrets/db").then().extract().jsonPath();
        put(
                "/meshes/a-mesh/secrets/db",
                "{\"type\":\"Secret\",\"mesh\":\"a-mesh\",\"name\":\"db\",\"data\":\"Yw==\"}",
                200);
        var second = given().get("/meshes/a-mesh/secrets/db").then().extract().jsonPath();
        assertThat(second.getString("data")).isEqualTo("Yw==");
        assertThat(second.getString("creationTime")).isEqualTo(first.getString("creationTime"));
        assertThat(Instant.parse(second.getString("modificationTime")))
                .isAfterOrEqualTo(Instant.parse(first.getString("modificationTime")));
        // labels sent on update replace the old ones, computed labels are kept
        assertThat(second.getMap("labels"))
                .containsEntry("kuma.io/mesh", "a-mesh")
                .doesNotContainKey("team");
    }

    @Test
    void concurrentPutsOfOneNewResourceAllSucceedAndExactlyOneCreates() {
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().header("Content-Type", "application/json")
                        .body("{\"type\":\"GlobalSecret\",\"name\":\"race\",\"data\":\"YQ==\"}")
                        .put("/global-secrets/race")
                        .statusCode()))
                .toList();
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).allMatch(s -> s == 200 || s == 201 || s == 409);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void deletingAMeshDeletesItsSecretsOnly() {
        given().delete("/meshes/a-mesh").then().statusCode(200).body(equalTo("{}"));
        given().get("/meshes/a-mesh").then().statusCode(404);
        given().get("/secrets").then().body("total", equalTo(2)).body("items.mesh", contains("b-mesh", "b-mesh"));
        given().get("/meshes/a-mesh/secrets").then().statusCode(404).body("title", equalTo("Failed to retrieve Mesh"));
    }

    @Test
    void globalInsightsCountGlobalResources() {
        put("/global-secrets/g1", "{\"type\":\"GlobalSecret\",\"name\":\"g1\"}", 201);
        given().get("/global-insights")
                .then()
                .statusCode(200)
                .body("type", equalTo("GlobalInsights"))
                .body("resources.Mesh.total", equalTo(2))
                .body("resources.GlobalSecret.total", equalTo(1))
                .body("resources.Zone.total", equalTo(0));
    }

    private static void put(String path, String body, int status) {
        given().header("Content-Type", "application/json")
                .body(body)
                .put(path)
                .then()
                .statusCode(status);
    }
}
