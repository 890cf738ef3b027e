package io.meshtrust.resources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.ClusterIdStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The index's {@code clusterId} (Kuma's OpenAPI marks it required): a UUID created once in the store at the first
 * start and answered unchanged; the store keeps the first id it was offered.
 */
@QuarkusTest
class ClusterIdTest {

    @Inject
    ClusterIdStore store;

    static String indexClusterId() {
        return given().get("/").then().statusCode(200).extract().jsonPath().getString("clusterId");
    }

    @Test
    void theIndexAnswersTheStoresClusterId() {
        String id = indexClusterId();
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(indexClusterId()).isEqualTo(id);
        // the store has one: another candidate does not replace it
        String other = UUID.randomUUID().toString();
        assertThat(store.clusterId(other).await().indefinitely()).isEqualTo(id);
        assertThat(indexClusterId()).isEqualTo(id);
    }

    @Test
    void theIndexNeedsNoTokenForIt() {
        String id = indexClusterId();
        String anonymous = given().header("Authorization", "Bearer not-a-token")
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("clusterId");
        assertThat(anonymous).isEqualTo(id);
    }
}
