package io.meshtrust.configdump;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.store.postgres.PostgresTestProfile;
import io.meshtrust.testsupport.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /config} on PostgreSQL: the store section is the connection the application uses
 * ({@code KUMA_STORE_POSTGRES_*}, set by the test resource as a user would), the password redacted.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class ConfigResourceOnPostgresTest {

    @Test
    void storeSectionIsTheConnectionInUseWithThePasswordRedacted() {
        var config = ConfigProvider.getConfig();
        JsonNode body = Golden.parse(
                given().get("/config").then().statusCode(200).extract().asString());
        JsonNode postgres = body.at("/store/postgres");

        assertThat(body.at("/store/type").asText()).isEqualTo("postgres");
        assertThat(postgres.path("host").asText()).isEqualTo(config.getValue("kuma.store.postgres.host", String.class));
        assertThat(postgres.path("port").asInt()).isEqualTo(config.getValue("kuma.store.postgres.port", Integer.class));
        assertThat(postgres.path("user").asText()).isEqualTo(config.getValue("kuma.store.postgres.user", String.class));
        assertThat(postgres.path("dbName").asText())
                .isEqualTo(config.getValue("kuma.store.postgres.db-name", String.class));
        assertThat(postgres.path("password").asText()).isEqualTo("*****");
    }
}
