package io.meshtrust.certificates;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST .../heartbeat} with and without a stated version, and the version in meshtrust's subscription, where
 * the Kuma GUI reads {@code version.kumaDp.version} and {@code version.envoy.version} (both must resolve: with no
 * {@code kumaDp.version} it logs {@code Missing message: "common.unknown"}, with no {@code envoy} the page goes
 * blank).
 */
@QuarkusTest
class HeartbeatVersionTest {

    static final String MESH = "heartbeat-version";
    static final String DP = "/meshes/" + MESH + "/dataplanes/web-1";

    @BeforeEach
    void meshWithOneDataplane() {
        given().delete(DP);
        Meshes.plain(MESH).put().then().statusCode(Matchers.oneOf(200, 201));
        Dataplanes.web(MESH, "web-1").put().then().statusCode(Matchers.oneOf(200, 201));
    }

    @AfterEach
    void cleanUp() {
        given().delete(DP);
        given().delete("/meshes/" + MESH);
    }

    static ValidatableResponse heartbeat(String body) {
        return given().header("Content-Type", "application/json")
                .body(body)
                .post(DP + "/heartbeat")
                .then();
    }

    static ValidatableResponse subscription() {
        return given().get(DP + "/_overview")
                .then()
                .statusCode(200)
                .rootPath("dataplaneInsight.subscriptions.find { it.id == 'meshtrust' }");
    }

    @Test
    void withoutAVersionTheSubscriptionSaysUnknownAndNoEnvoy() {
        given().post(DP + "/heartbeat").then().statusCode(204);
        subscription().body("version", equalTo(Map.of("kumaDp", Map.of("version", "unknown"), "envoy", Map.of())));
        // {} is a heartbeat without a version too
        heartbeat("{}").statusCode(204);
        heartbeat("{\"version\": null}").statusCode(204);
        subscription().body("version.kumaDp.version", equalTo("unknown"));
    }

    @Test
    void aStatedVersionIsReportedAndKeptByHeartbeatsWithoutOne() {
        heartbeat("{\"version\":{\"kumaDp\":{\"version\":\"meshtrust-dp/1.2.3\"}}}")
                .statusCode(204);
        subscription()
                .body("version", equalTo(Map.of("kumaDp", Map.of("version", "meshtrust-dp/1.2.3"), "envoy", Map.of())));
        given().post(DP + "/heartbeat").then().statusCode(204);
        subscription().body("version.kumaDp.version", equalTo("meshtrust-dp/1.2.3"));
        // the raw insight carries it as well
        given().get("/meshes/" + MESH + "/dataplane-insights/web-1")
                .then()
                .statusCode(200)
                .body("subscriptions.version.kumaDp.version", hasItem("meshtrust-dp/1.2.3"));
        given().get("/meshes/" + MESH + "/dataplanes/_overview")
                .then()
                .statusCode(200)
                .body("items[0].dataplaneInsight.subscriptions.version.kumaDp.version", hasItem("meshtrust-dp/1.2.3"));
    }

    @Test
    void kumasWholeVersionObjectIsKeptInProtobufJsonForm() {
        heartbeat("""
                        {"version": {
                          "kumaDp": {"version": "2.14.3", "gitTag": "2.14.3", "gitCommit": "0123abc",
                                     "buildDate": "2026-08-21T10:07:11Z"},
                          "envoy": {"version": "1.34.1", "build": "hash/1.34.1/Clean/RELEASE/BoringSSL",
                                    "kumaDpCompatible": true},
                          "dependencies": {"coredns": "1.12.1"}}}""").statusCode(204);
        subscription()
                .body(
                        "version.kumaDp",
                        equalTo(Map.of(
                                "version", "2.14.3",
                                "gitTag", "2.14.3",
                                "gitCommit", "0123abc",
                                "buildDate", "2026-08-21T10:07:11Z")))
                .body(
                        "version.envoy",
                        equalTo(Map.of(
                                "version",
                                "1.34.1",
                                "build",
                                "hash/1.34.1/Clean/RELEASE/BoringSSL",
                                "kumaDpCompatible",
                                true)))
                .body("version.dependencies", equalTo(Map.of("coredns", "1.12.1")));
        // a newer statement replaces the whole object; empty strings and false are omitted, as protobuf JSON does
        heartbeat("{\"version\":{\"kumaDp\":{\"version\":\"2.14.4\",\"gitTag\":\"\"},"
                        + "\"envoy\":{\"version\":\"1.34.2\",\"kumaDpCompatible\":false}}}")
                .statusCode(204);
        subscription()
                .body("version.kumaDp", equalTo(Map.of("version", "2.14.4")))
                .body("version.envoy", equalTo(Map.of("version", "1.34.2")))
                .body("version", not(hasKey("dependencies")));
    }

    @Test
    void badBodiesAre400sThatSayWhatToChangeAndRecordNothing() {
        // a body that is not one JSON object is Kuma's undecodable-body 400, as for the certificate request
        heartbeat("[]")
                .statusCode(400)
                .body("title", equalTo("Bad Request"))
                .body("detail", Matchers.containsString("send no body, {} or {\"version\""));
        heartbeat("{\"version\":").statusCode(400).body("title", equalTo("Bad Request"));
        invalid("{\"versoin\":{}}", "versoin", "unknown field: expected version");
        invalid("{\"version\":\"1.2.3\"}", "version", "must be an object");
        invalid("{\"version\":{}}", "version.kumaDp", "required");
        invalid("{\"version\":{\"kumaDp\":{}}}", "version.kumaDp.version", "required");
        invalid("{\"version\":{\"kumaDp\":{\"version\":\"  \"}}}", "version.kumaDp.version", "required");
        invalid("{\"version\":{\"kumaDp\":{\"version\":7}}}", "version.kumaDp.version", "must be a string");
        invalid(
                "{\"version\":{\"kumaDp\":{\"version\":\"" + "9".repeat(257) + "\"}}}",
                "version.kumaDp.version",
                "must be at most 256 characters");
        invalid(
                "{\"version\":{\"kumaDp\":{\"version\":\"1\",\"kumaCpCompatible\":true}}}",
                "version.kumaDp.kumaCpCompatible",
                "is the control plane's judgement");
        invalid("{\"version\":{\"kumaDp\":{\"version\":\"1\",\"commit\":\"x\"}}}", "version.kumaDp.commit", "unknown");
        invalid("{\"version\":{\"kumaDp\":{\"version\":\"1\"},\"envoy\":[]}}", "version.envoy", "must be an object");
        invalid(
                "{\"version\":{\"kumaDp\":{\"version\":\"1\"},\"envoy\":{\"kumaDpCompatible\":\"yes\"}}}",
                "version.envoy.kumaDpCompatible",
                "must be true or false");
        invalid(
                "{\"version\":{\"kumaDp\":{\"version\":\"1\"},\"dependencies\":{\"coredns\":1}}}",
                "version.dependencies.coredns",
                "must be a string");
        invalid(
                "{\"version\":{\"kumaDp\":{\"version\":\"1\"},\"zone\":\"east\"}}",
                "version.zone",
                "unknown field: expected kumaDp, envoy or dependencies");
        // several problems at once
        heartbeat("{\"version\":{\"kumaDp\":{\"version\":1},\"envoy\":{\"build\":2}}}")
                .statusCode(400)
                .body("invalid_parameters.field", Matchers.contains("version.kumaDp.version", "version.envoy.build"));
        // nothing was recorded by any of them
        given().get(DP + "/_overview").then().statusCode(200).body("$", not(hasKey("dataplaneInsight")));
        // and the dataplane must exist (checked after the body)
        given().header("Content-Type", "application/json")
                .body("{\"version\":{\"kumaDp\":{\"version\":\"1\"}}}")
                .post("/meshes/" + MESH + "/dataplanes/nobody/heartbeat")
                .then()
                .statusCode(404);
    }

    static void invalid(String body, String field, String reason) {
        heartbeat(body)
                .statusCode(400)
                .body("title", equalTo("Could not record the heartbeat"))
                .body("invalid_parameters[0].field", equalTo(field))
                .body("invalid_parameters[0].reason", Matchers.containsString(reason));
    }
}
