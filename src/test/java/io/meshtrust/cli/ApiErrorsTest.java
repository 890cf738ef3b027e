package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Server errors as one readable line built from Kuma's error body (issue 7 point 8). */
class ApiErrorsTest {

    @Test
    void kumaErrorWithViolations() {
        String body = """
                {"type":"/std-errors","status":400,"title":"Invalid request","detail":"Resource is not valid",
                 "invalid_parameters":[{"field":"name","reason":"cannot be empty"},
                 {"field":"validFor","reason":"cannot be empty or nil"}],
                 "details":"Resource is not valid","causes":[{"field":"name","message":"cannot be empty"}]}
                """;
        assertThat(ApiClient.describe(400, body))
                .isEqualTo(
                        "(400): Invalid request: Resource is not valid (name: cannot be empty; validFor: cannot be empty or nil)");
    }

    @Test
    void kumaErrorWithoutViolations() {
        assertThat(ApiClient.describe(
                        403,
                        "{\"type\":\"/std-errors\",\"status\":403,\"title\":\"Access Denied\","
                                + "\"detail\":\"user \\\"x\\\" cannot access\"}"))
                .isEqualTo("(403): Access Denied: user \"x\" cannot access");
    }

    @Test
    void preStdErrorsBodyWithCausesOnly() {
        assertThat(ApiClient.describe(
                        400,
                        "{\"title\":\"Could not issue a token\",\"details\":\"issuer disabled\","
                                + "\"causes\":[{\"field\":\"x\",\"message\":\"y\"}]}"))
                .isEqualTo("(400): Could not issue a token: issuer disabled (x: y)");
    }

    @Test
    void plainTextAndEmptyBodies() {
        assertThat(ApiClient.describe(500, "Internal Server Error\n")).isEqualTo("(500): Internal Server Error");
        assertThat(ApiClient.describe(502, "")).isEqualTo("(502): Bad Gateway");
        assertThat(ApiClient.describe(500, "{not json")).isEqualTo("(500): {not json");
        assertThat(ApiClient.describe(404, "line one\nline two")).isEqualTo("(404): line one line two");
    }
}
