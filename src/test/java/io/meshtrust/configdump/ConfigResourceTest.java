package io.meshtrust.configdump;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.testsupport.Golden;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /config} with the default settings, as the Kuma GUI's Configuration page reads it (it shows the body as
 * JSON, {@code ConfigurationDetailView}): Kuma's keys with what is true of meshtrust ({@code mode: zone},
 * {@code environment: universal}, the store's type), the PostgreSQL password redacted as Kuma does, and readable by
 * anyone, as Kuma's default {@code controlPlaneMetadata} access list allows.
 */
@QuarkusTest
class ConfigResourceTest {

    @Test
    void servesTheConfigurationAsJsonInKumasKeys() {
        String body = given().get("/config")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .extract()
                .asString();
        JsonNode config = Golden.parse(body);
        assertThat(config.isObject()).isTrue();
        assertThat(config.at("/mode").asText()).isEqualTo("zone");
        assertThat(config.at("/environment").asText()).isEqualTo("universal");
        assertThat(config.at("/store/type").asText()).isEqualTo("memory");
        assertThat(config.at("/store/postgres/password").asText()).isEqualTo("*****");
        assertThat(config.at("/apiServer/http/enabled").asBoolean()).isTrue();
        assertThat(config.at("/apiServer/http/port").asInt()).isEqualTo(5681);
        // the test profile's own setting (application.properties: %test.kuma.api-server.https.port=0)
        assertThat(config.at("/apiServer/https/port").asInt()).isZero();
        assertThat(config.at("/apiServer/authn/type").asText()).isEqualTo("tokens");
        assertThat(config.at("/multizone/zone/name").asText()).isEqualTo("default");
        assertThat(config.at("/metrics/dataplane/idleTimeout").asText()).isEqualTo("5m0s");
        assertThat(config.at("/meshtrust/metrics/refreshInterval").isTextual()).isTrue();
    }

    @Test
    void anonymousCallersFromElsewhereMayReadItAsInKuma() {
        given().header("Host", "api.example.com")
                .get("/who-am-i")
                .then()
                .statusCode(200)
                .body("name", equalTo("mesh-system:anonymous"));
        given().header("Host", "api.example.com")
                .get("/config")
                .then()
                .statusCode(200)
                .body("mode", equalTo("zone"))
                .body("store.postgres.password", equalTo("*****"));
    }

    @Test
    void writesAreNotRoutes() {
        given().header("Content-Type", "application/json")
                .body("{}")
                .put("/config")
                .then()
                .statusCode(405);
    }
}
