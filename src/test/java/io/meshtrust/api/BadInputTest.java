package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.testsupport.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input never yields a 500 or a half-written resource: each case gets its status and Kuma's error body with a
 * message a person can act on, and the resource it tried to write does not exist afterwards.
 */
@QuarkusTest
class BadInputTest {

    private static final String MESH = "{\"type\":\"Mesh\",\"name\":\"m1\"%s}";
    private static final String SECRET = "{\"type\":\"Secret\",\"mesh\":\"bad\",\"name\":\"s1\"%s}";

    /**
     * @param absent  a path that must answer 404 after the request (nothing half-written), or null
     * @param field   the expected first violation field, or null when the error has no violations
     * @param message the expected first violation reason, or a substring of {@code detail} when {@code field} is null
     */
    record Case(
            String name,
            String method,
            String path,
            String body,
            int status,
            String title,
            String field,
            String message,
            String absent) {}

    static List<Case> cases() {
        return List.of(
                new Case(
                        "malformed JSON",
                        "PUT",
                        "/meshes/m1",
                        "{\"type\":",
                        400,
                        "Bad Request",
                        null,
                        "invalid Mesh object: \"malformed JSON at line 1",
                        "/meshes/m1"),
                new Case(
                        "trailing garbage",
                        "PUT",
                        "/meshes/m1",
                        "{}x",
                        400,
                        "Bad Request",
                        null,
                        "malformed JSON",
                        "/meshes/m1"),
                new Case(
                        "duplicate keys",
                        "PUT",
                        "/meshes/m1",
                        "{\"name\":\"m1\",\"name\":\"m2\"}",
                        400,
                        "Bad Request",
                        null,
                        "Duplicate field 'name'",
                        "/meshes/m1"),
                new Case(
                        "not an object",
                        "PUT",
                        "/meshes/m1",
                        "[1]",
                        400,
                        "Bad Request",
                        null,
                        "the body must be a JSON object",
                        "/meshes/m1"),
                new Case(
                        "empty body",
                        "PUT",
                        "/meshes/m1",
                        "",
                        400,
                        "Bad Request",
                        null,
                        "the request body is empty",
                        "/meshes/m1"),
                new Case(
                        "name not a string",
                        "PUT",
                        "/meshes/m1",
                        "{\"type\":\"Mesh\",\"name\":5}",
                        400,
                        "Bad Request",
                        null,
                        "name: expected a string",
                        "/meshes/m1"),
                new Case(
                        "labels not an object",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"labels\":[\"a\"]"),
                        400,
                        "Bad Request",
                        null,
                        "labels: expected an object of strings",
                        "/meshes/m1"),
                new Case(
                        "label value not a string",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"labels\":{\"a\":1}"),
                        400,
                        "Bad Request",
                        null,
                        "labels.a: expected a string",
                        "/meshes/m1"),
                new Case(
                        "mtls not an object",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"mtls\":\"on\""),
                        400,
                        "Bad Request",
                        null,
                        "invalid Mesh object: \"mtls: expected an object\"",
                        "/meshes/m1"),
                new Case(
                        "backends not an array",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"mtls\":{\"backends\":{}}"),
                        400,
                        "Bad Request",
                        null,
                        "mtls.backends: expected an array",
                        "/meshes/m1"),
                new Case(
                        "backend name a number",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"mtls\":{\"backends\":[{\"name\":1,\"type\":\"builtin\"}]}"),
                        400,
                        "Bad Request",
                        null,
                        "mtls.backends[0].name: expected a string",
                        "/meshes/m1"),
                new Case(
                        "unknown mode",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"mtls\":{\"backends\":[{\"name\":\"ca\",\"mode\":\"LOOSE\"}]}"),
                        400,
                        "Bad Request",
                        null,
                        "mtls.backends[0].mode: expected one of [STRICT, PERMISSIVE]",
                        "/meshes/m1"),
                new Case(
                        "skipValidation a string",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"mtls\":{\"skipValidation\":\"yes\"}"),
                        400,
                        "Bad Request",
                        null,
                        "mtls.skipValidation: expected a boolean",
                        "/meshes/m1"),
                new Case(
                        "invalid base64",
                        "PUT",
                        "/meshes/bad/secrets/s1",
                        SECRET.formatted(",\"data\":\"!!!\""),
                        400,
                        "Bad Request",
                        null,
                        "data: not valid base64",
                        "/meshes/bad/secrets/s1"),
                new Case(
                        "data a number",
                        "PUT",
                        "/meshes/bad/secrets/s1",
                        SECRET.formatted(",\"data\":12"),
                        400,
                        "Bad Request",
                        null,
                        "data: expected a base64 string",
                        "/meshes/bad/secrets/s1"),
                new Case(
                        "invalid name",
                        "PUT",
                        "/meshes/Bad_Name",
                        "{\"type\":\"Mesh\",\"name\":\"Bad_Name\"}",
                        400,
                        "Could not process a resource",
                        "name",
                        "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                                + " characters, '-' or '.', and must start and end with an alphanumeric character",
                        "/meshes/Bad_Name"),
                new Case(
                        "name too long",
                        "PUT",
                        "/global-secrets/" + "a".repeat(254),
                        "{\"type\":\"GlobalSecret\",\"name\":\"" + "a".repeat(254) + "\"}",
                        400,
                        "Could not process a resource",
                        "name",
                        "value length must less or equal 253",
                        "/global-secrets/" + "a".repeat(254)),
                new Case(
                        "mesh name over 63",
                        "PUT",
                        "/meshes/" + "m".repeat(64),
                        "{\"type\":\"Mesh\",\"name\":\"" + "m".repeat(64) + "\"}",
                        400,
                        "Failed to create a resource",
                        "name",
                        "cannot be longer than 63 characters",
                        "/meshes/" + "m".repeat(64)),
                new Case(
                        "name differs from URL",
                        "PUT",
                        "/meshes/m1",
                        "{\"type\":\"Mesh\",\"name\":\"m2\"}",
                        400,
                        "Could not process a resource",
                        "name",
                        "name from the URL has to be the same as in body",
                        "/meshes/m1"),
                new Case(
                        "type differs from URL",
                        "PUT",
                        "/meshes/m1",
                        "{\"type\":\"Secret\",\"name\":\"m1\"}",
                        400,
                        "Could not process a resource",
                        "type",
                        "type from the URL has to be the same as in body",
                        "/meshes/m1"),
                new Case(
                        "mesh differs from URL",
                        "PUT",
                        "/meshes/bad/secrets/s1",
                        "{\"type\":\"Secret\",\"mesh\":\"other\",\"name\":\"s1\"}",
                        400,
                        "Could not process a resource",
                        "mesh",
                        "mesh from the URL has to be the same as in body",
                        "/meshes/bad/secrets/s1"),
                new Case(
                        "secret in a missing mesh",
                        "PUT",
                        "/meshes/nomesh/secrets/s1",
                        "{\"type\":\"Secret\",\"mesh\":\"nomesh\",\"name\":\"s1\"}",
                        404,
                        "Failed to retrieve Mesh",
                        null,
                        "Not found",
                        null),
                new Case(
                        "size not a number",
                        "GET",
                        "/meshes?size=ten",
                        null,
                        400,
                        "Could not retrieve resources",
                        "size",
                        "invalid format",
                        null),
                new Case(
                        "size zero",
                        "GET",
                        "/meshes?size=0",
                        null,
                        400,
                        "Could not retrieve resources",
                        "size",
                        "must be greater than 0",
                        null),
                new Case(
                        "size negative",
                        "GET",
                        "/global-secrets?size=-3",
                        null,
                        400,
                        "Could not retrieve resources",
                        "size",
                        "must be greater than 0",
                        null),
                new Case(
                        "size over 1000",
                        "GET",
                        "/meshes?size=1001",
                        null,
                        400,
                        "Could not retrieve resources",
                        "size",
                        "invalid page size of 1001. Maximum page size is 1000",
                        null),
                new Case(
                        "offset negative",
                        "GET",
                        "/meshes?offset=-1",
                        null,
                        400,
                        "Could not retrieve resources",
                        null,
                        "invalid: invalid offset: must be non-negative",
                        null),
                new Case(
                        "offset not a number",
                        "GET",
                        "/meshes?offset=x",
                        null,
                        400,
                        "Could not retrieve resources",
                        null,
                        "invalid: invalid offset: strconv.Atoi: parsing \"x\": invalid syntax",
                        null),
                new Case(
                        "filter not on labels",
                        "GET",
                        "/meshes/bad/secrets?filter[labelds.a]=b",
                        null,
                        400,
                        "Could not retrieve resources",
                        "/meshes/{mesh}/secrets.filter[labelds.a]",
                        "filters are only supported on labels",
                        null),
                new Case(
                        "advanced filter",
                        "GET",
                        "/meshes/bad/secrets?filter[labels.a][eq]=b",
                        null,
                        400,
                        "Could not retrieve resources",
                        "/meshes/{mesh}/secrets.filter[labels.a][eq]",
                        "advanced filters are not supported",
                        null),
                new Case(
                        "unknown format",
                        "GET",
                        "/meshes/bad?format=yaml",
                        null,
                        400,
                        "Could not retrieve a resource",
                        "",
                        "\"format\" must be one of [\"k8s\", \"kubernetes\", \"universal\"]",
                        null),
                new Case(
                        "body over the limit",
                        "PUT",
                        "/global-secrets/big",
                        "{\"type\":\"GlobalSecret\",\"name\":\"big\",\"data\":\"" + "A".repeat(1_100_000) + "\"}",
                        413,
                        "Payload Too Large",
                        null,
                        "larger than the limit",
                        "/global-secrets/big"),
                // NUL (U+0000): refused in bodies and request targets alike, on both stores (PostgreSQL stores none)
                new Case(
                        "NUL in a label value",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"labels\":{\"a\":\"x\\u0000\"}"),
                        400,
                        "Bad Request",
                        null,
                        "at labels.a: a string holds the NUL character",
                        "/meshes/m1"),
                new Case(
                        "NUL in a label key",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"labels\":{\"a\\u0000\":\"x\"}"),
                        400,
                        "Bad Request",
                        null,
                        "at labels: a key holds the NUL character",
                        "/meshes/m1"),
                new Case(
                        "NUL in a spec string",
                        "PUT",
                        "/meshes/m1",
                        MESH.formatted(",\"mtls\":{\"backends\":[{\"name\":\"\\u0000\",\"type\":\"builtin\"}]}"),
                        400,
                        "Bad Request",
                        null,
                        "at mtls.backends[0].name: a string holds the NUL character",
                        "/meshes/m1"),
                new Case(
                        "NUL in a secret's labels",
                        "PUT",
                        "/meshes/bad/secrets/s1",
                        SECRET.formatted(",\"data\":\"YQ==\",\"labels\":{\"k\":\"\\u0000\"}"),
                        400,
                        "Bad Request",
                        null,
                        "NUL character",
                        "/meshes/bad/secrets/s1"),
                new Case(
                        "NUL in the name filter",
                        "GET",
                        "/meshes?name=a%00",
                        null,
                        400,
                        "Bad Request",
                        null,
                        "NUL character (%00)",
                        null),
                new Case(
                        "NUL in a label filter value",
                        "GET",
                        "/meshes/bad/dataplanes+insights?filter%5Blabels.a%5D=x%00",
                        null,
                        400,
                        "Bad Request",
                        null,
                        "NUL character (%00)",
                        null),
                new Case(
                        "NUL in a label filter key",
                        "GET",
                        "/meshes/bad/secrets?filter%5Blabels.a%00%5D=x",
                        null,
                        400,
                        "Bad Request",
                        null,
                        "NUL character (%00)",
                        null),
                new Case(
                        "NUL in a tag filter",
                        "GET",
                        "/meshes/bad/dataplanes/_overview?tag=a:%00",
                        null,
                        400,
                        "Bad Request",
                        null,
                        "NUL character (%00)",
                        null),
                new Case(
                        "NUL in a path name",
                        "GET",
                        "/meshes/bad/secrets/a%00b",
                        null,
                        400,
                        "Bad Request",
                        null,
                        "NUL character (%00)",
                        null),
                new Case(
                        "NUL in a PUT path",
                        "PUT",
                        "/meshes/m%001",
                        MESH.formatted(""),
                        400,
                        "Bad Request",
                        null,
                        "NUL character (%00)",
                        null),
                new Case("unknown path", "GET", "/no-such-thing", null, 404, "Not Found", null, "Not found", null),
                new Case(
                        "unsupported method",
                        "POST",
                        "/meshes",
                        "{}",
                        405,
                        "Method Not Allowed",
                        null,
                        "Method not allowed",
                        null));
    }

    @BeforeEach
    void meshExists() {
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Mesh\",\"name\":\"bad\"}")
                .put("/meshes/bad")
                .then()
                .statusCode(Matchers.oneOf(200, 201));
    }

    @TestFactory
    Stream<DynamicTest> badInputGetsA4xxWithKumaErrorBodyAndWritesNothing() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(Case c) {
        // paths with an escape are sent as written (RestAssured would escape the '%')
        var request = given().urlEncodingEnabled(!c.path().contains("%")).header("Content-Type", "application/json");
        if (c.body() != null) {
            request = request.body(c.body());
        }
        Response response = request.request(c.method(), c.path());
        String text = response.asString();
        assertThat(response.statusCode()).as(text).isEqualTo(c.status());
        JsonNode body = Golden.parse(text);
        assertThat(body.path("type").asText()).isEqualTo("/std-errors");
        assertThat(body.path("status").asInt()).isEqualTo(c.status());
        assertThat(body.path("title").asText()).isEqualTo(c.title());
        assertThat(body.path("details").asText()).isEqualTo(body.path("detail").asText());
        if (c.field() != null) {
            assertThat(body.path("invalid_parameters").get(0).path("field").asText())
                    .isEqualTo(c.field());
            assertThat(body.path("invalid_parameters").get(0).path("reason").asText())
                    .isEqualTo(c.message());
            assertThat(body.path("causes").get(0).path("message").asText()).isEqualTo(c.message());
        } else {
            assertThat(body.path("detail").asText()).contains(c.message());
        }
        if (c.absent() != null) {
            given().get(c.absent()).then().statusCode(404);
        }
    }

    /** A resource type's PUT path and the JSON of a valid body, {@code %s} taking the extra fields. */
    record Target(String type, String path, String body) {}

    /** A body that breaks the JSON reader and the reason the detail must carry. */
    record Breach(String name, byte[] extra, String reason) {
        static Breach of(String name, String extra, String reason) {
            return new Breach(name, extra.getBytes(StandardCharsets.UTF_8), reason);
        }
    }

    static List<Target> targets() {
        return List.of(
                new Target("Mesh", "/meshes/lim", "{\"type\":\"Mesh\",\"name\":\"lim\"%s}"),
                new Target(
                        "Secret",
                        "/meshes/bad/secrets/lim",
                        "{\"type\":\"Secret\",\"mesh\":\"bad\",\"name\":\"lim\",\"data\":\"YQ==\"%s}"),
                new Target(
                        "GlobalSecret",
                        "/global-secrets/lim",
                        "{\"type\":\"GlobalSecret\",\"name\":\"lim\",\"data\":\"YQ==\"%s}"),
                new Target(
                        "Dataplane",
                        "/meshes/bad/dataplanes/lim",
                        "{\"type\":\"Dataplane\",\"mesh\":\"bad\",\"name\":\"lim\",\"networking\":{\"address\":"
                                + "\"10.0.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\"}}]}%s}"));
    }

    /** Each limit of {@code JsonBodies} just passed, and the malformed bodies a parser can meet. */
    static List<Breach> breaches() {
        return List.of(
                Breach.of(
                        "nesting 101 levels",
                        ",\"x\":" + "[".repeat(100) + "]".repeat(100),
                        "the request body nests deeper than 100 levels"),
                Breach.of(
                        "string of 1,000,001 characters",
                        ",\"x\":\"" + "a".repeat(1_000_001) + "\"",
                        "a string in the request body is longer than 1000000 characters"),
                Breach.of(
                        "key of 1025 characters",
                        ",\"" + "k".repeat(1025) + "\":1",
                        "a key in the request body is longer than 1024 characters"),
                Breach.of(
                        "number of 101 digits",
                        ",\"x\":" + "1".repeat(101),
                        "a number in the request body is longer than 100 characters"),
                Breach.of(
                        "fraction of 101 digits",
                        ",\"x\":0." + "1".repeat(100),
                        "a number in the request body is longer than 100 characters"),
                new Breach(
                        "invalid UTF-8",
                        new byte[] {',', '"', 'x', '"', ':', '"', (byte) 0xff, '"'},
                        "malformed JSON at line 1, column "),
                Breach.of("unclosed array", ",\"x\":[", "Unexpected close marker '}': expected ']'\""),
                Breach.of("a second object", "}{\"a\":1", "more data after the JSON value"),
                Breach.of("NaN", ",\"x\":NaN", "Non-standard token 'NaN'"));
    }

    @TestFactory
    Stream<DynamicTest> everyJsonLimitIsA400NamingItForEveryResourceType() {
        return targets().stream()
                .flatMap(t -> breaches().stream()
                        .map(b -> DynamicTest.dynamicTest(t.type() + ": " + b.name(), () -> {
                            String[] halves = t.body().split("%s", 2);
                            var body = new ByteArrayOutputStream();
                            body.writeBytes(halves[0].getBytes(StandardCharsets.UTF_8));
                            body.writeBytes(b.extra());
                            body.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));
                            Response response = given().header("Content-Type", "application/json")
                                    .body(body.toByteArray())
                                    .put(t.path());
                            assertBadRequest(response, "invalid " + t.type() + " object: \"", b.reason());
                            given().get(t.path()).then().statusCode(404);
                        })));
    }

    @TestFactory
    Stream<DynamicTest> bodiesThatAreNotOneUtf8JsonObjectAreA400() {
        return Stream.of(
                        new Breach(
                                "UTF-16",
                                "{\"type\":\"Mesh\",\"name\":\"lim\"}".getBytes(StandardCharsets.UTF_16BE),
                                "the request body is not UTF-8 JSON"),
                        new Breach(
                                "truncated",
                                "{\"type\":\"Mesh\",\"name\":\"lim\",\"x\":[".getBytes(StandardCharsets.UTF_8),
                                "malformed JSON at line 1, column 34: the body ends before the JSON value is complete"),
                        new Breach(
                                "an array",
                                "[{\"type\":\"Mesh\"}]".getBytes(StandardCharsets.UTF_8),
                                "the body must be a JSON object"),
                        new Breach("null", "null".getBytes(StandardCharsets.UTF_8), "the body must be a JSON object"),
                        new Breach(
                                "whitespace",
                                "  \n".getBytes(StandardCharsets.UTF_8),
                                "the body must be a JSON object"))
                .map(b -> DynamicTest.dynamicTest(b.name(), () -> {
                    Response response = given().header("Content-Type", "application/json")
                            .body(b.extra())
                            .put("/meshes/lim");
                    assertBadRequest(response, "invalid Mesh object: \"", b.reason());
                    given().get("/meshes/lim").then().statusCode(404);
                }));
    }

    /** Kuma's token endpoints answer a body they cannot decode with an empty 400 (docs/kuma-tokens.md §12-14). */
    @TestFactory
    Stream<DynamicTest> tokenRequestsOverAJsonLimitAreAnEmpty400() {
        return Stream.of("/tokens/user", "/tokens/dataplane", "/tokens/zone")
                .flatMap(path -> breaches().stream()
                        .map(b -> DynamicTest.dynamicTest(path + ": " + b.name(), () -> {
                            var body = new ByteArrayOutputStream();
                            body.writeBytes("{\"name\":\"n\",\"mesh\":\"bad\",\"validFor\":\"1h\""
                                    .getBytes(StandardCharsets.UTF_8));
                            body.writeBytes(b.extra());
                            body.writeBytes("}".getBytes(StandardCharsets.UTF_8));
                            Response response = given().header("Content-Type", "application/json")
                                    .body(body.toByteArray())
                                    .post(path);
                            assertThat(response.statusCode())
                                    .as(response.asString())
                                    .isEqualTo(400);
                            assertThat(response.asString()).isEmpty();
                        })));
    }

    private static void assertBadRequest(Response response, String prefix, String reason) {
        String text = response.asString();
        assertThat(response.statusCode()).as(text).isEqualTo(400);
        JsonNode error = Golden.parse(text);
        assertThat(error.path("type").asText()).isEqualTo("/std-errors");
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("title").asText()).isEqualTo("Bad Request");
        assertThat(error.path("detail").asText())
                .startsWith(prefix)
                .contains(reason)
                .endsWith("\"");
        assertThat(error.path("details").asText())
                .isEqualTo(error.path("detail").asText());
        assertThat(error.has("invalid_parameters")).isFalse();
        assertThat(error.path("detail").asText()).doesNotContain("`", "Exception", "jackson", "Source:", "REDACTED");
    }

    @Test
    void resourceNameMeshGoldenListsEveryViolationInKumaOrder() {
        String body = given().header("Content-Type", "application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"invalid mesh\",\"name\":\"invalid_name\"}")
                .put("/meshes/bad/secrets/invalid_name")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        Golden.assertMatches("api/resource_name-mesh.golden.json", body, "");
    }

    @Test
    void meshLabelThatDiffersFromMeshIsRejected() {
        String body = given().header("Content-Type", "application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"bad\",\"name\":\"lbl\",\"labels\":{\"kuma.io/mesh\":\"other\"}}")
                .put("/meshes/bad/secrets/lbl")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        Golden.assertMatches("api/resource_400onmeshlabeldiffer.golden.json", body, "");
        given().get("/meshes/bad/secrets/lbl").then().statusCode(404);
    }

    @Test
    void deletingAMissingResourceGivesKumaNotFound() {
        String body = given().delete("/meshes/bad/secrets/missing")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        Golden.assertMatches("api/resource-delete_not-found.golden.json", body, "");
    }

    @Test
    void immutableLabelsCannotChangeAndTheOldVersionStays() {
        String create = "{\"type\":\"Secret\",\"mesh\":\"bad\",\"name\":\"imm\",\"data\":\"YQ==\"}";
        given().header("Content-Type", "application/json")
                .body(create)
                .put("/meshes/bad/secrets/imm")
                .then()
                .statusCode(201);
        String change = "{\"type\":\"Secret\",\"mesh\":\"bad\",\"name\":\"imm\",\"data\":\"Yg==\","
                + "\"labels\":{\"kuma.io/zone\":\"elsewhere\"}}";
        String body = given().header("Content-Type", "application/json")
                .body(change)
                .put("/meshes/bad/secrets/imm")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        JsonNode error = Golden.parse(body);
        assertThat(error.path("title").asText()).isEqualTo("Failed to update a resource");
        assertThat(error.path("invalid_parameters").get(0).path("field").asText())
                .isEqualTo("labels[\"kuma.io/zone\"]");
        assertThat(error.path("invalid_parameters").get(0).path("reason").asText())
                .isEqualTo("is immutable, cannot be changed from \"default\" to \"elsewhere\"");
        given().get("/meshes/bad/secrets/imm").then().statusCode(200).body("data", Matchers.equalTo("YQ=="));
    }
}
