package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.TlsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server (prod mode, as deployed): the OpenAPI document is served on the diagnostics port and nowhere
 * else, and Swagger UI on no port (it is a dev-mode tool only).
 */
class OpenApiProdIT {

    @TempDir
    Path temp;

    @Test
    void theDocumentIsOnTheDiagnosticsPortOnlyAndSwaggerUiNowhere() throws Exception {
        int[] ports = ServerProcess.freePorts(3);
        int http = ports[0];
        int https = ports[1];
        int diagnostics = ports[2];
        Path workDir = temp.resolve("kuma");
        try (ServerProcess server = ServerProcess.builder()
                .name("openapi")
                .env(Map.of(
                        "KUMA_API_SERVER_HTTP_PORT", String.valueOf(http),
                        "KUMA_API_SERVER_HTTPS_PORT", String.valueOf(https),
                        "KUMA_DIAGNOSTICS_SERVER_PORT", String.valueOf(diagnostics),
                        "KUMA_GENERAL_WORK_DIR", workDir.toString()))
                .start()) {
            server.awaitReady(diagnostics, Duration.ofSeconds(90));
            HttpClient plain = HttpClient.newHttpClient();
            X509Certificate certificate = PemCodec.parseCertificates(Files.readString(workDir.resolve("kuma-cp.crt")))
                    .get(0);
            HttpClient secure = TlsTestClient.httpClient(certificate, null);

            HttpResponse<String> yaml = get(plain, "http://127.0.0.1:" + diagnostics + "/q/openapi");
            assertThat(yaml.statusCode()).isEqualTo(200);
            assertThat(yaml.body()).contains("openapi: 3.1.0").contains("/meshes/{name}:");
            HttpResponse<String> json = get(plain, "http://127.0.0.1:" + diagnostics + "/q/openapi?format=json");
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).contains("\"DataplaneOverviewWithMeta\"");

            for (String path : List.of("/q/openapi", "/openapi", "/q/swagger-ui", "/q/swagger-ui/")) {
                assertThat(get(plain, "http://127.0.0.1:" + http + path).statusCode())
                        .as("HTTP API port " + path)
                        .isEqualTo(404);
                assertThat(get(secure, "https://localhost:" + https + path).statusCode())
                        .as("HTTPS API port " + path)
                        .isEqualTo(404);
            }
            for (String path : List.of("/q/swagger-ui", "/q/swagger-ui/")) {
                assertThat(get(plain, "http://127.0.0.1:" + diagnostics + path).statusCode())
                        .as("diagnostics port " + path)
                        .isEqualTo(404);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
