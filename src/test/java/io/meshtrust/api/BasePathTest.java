package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.TlsTestClient;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code KUMA_API_SERVER_BASE_PATH=/kuma} with {@code KUMA_API_SERVER_ROOT_URL} set: every API route answers under the
 * base path on both listeners and nowhere else (Kuma's mux answers {@code 404 page not found}); the dashboard stays at
 * {@code /gui} and is told to call the API at the root URL; {@code next} links carry the base path and ignore the root
 * URL, as Kuma's do; CORS and authentication apply under the base path as at {@code /}; the diagnostics port keeps its
 * paths.
 */
@QuarkusTest
@TestProfile(BasePathTest.Profile.class)
class BasePathTest {

    static final String ROOT_URL = "https://mesh.example.com:8443/api";
    static final String GUI = "http://kuma-gui.example:8080";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kuma.api-server.base-path", "/kuma/",
                    "kuma.api-server.root-url", ROOT_URL,
                    "kuma.api-server.cors-allowed-domains", GUI);
        }
    }

    @TestHTTPResource("/")
    URL base;

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Inject
    HttpsPort httpsPort;

    @Test
    void theIndexAnswersAtTheBasePathWithAndWithoutTheSlashOnBothListeners() throws Exception {
        for (RequestSpecification client : clients()) {
            for (String path : List.of("/kuma", "/kuma/")) {
                client.get(path)
                        .then()
                        .statusCode(200)
                        .body("product", equalTo("meshtrust"))
                        // Kuma's index names the GUI's path, which the API's base path does not move
                        .body("gui", equalTo("/gui"));
            }
            client.get("/kuma/who-am-i").then().statusCode(200).body("name", equalTo("mesh-system:admin"));
        }
    }

    @Test
    void nothingAnswersOutsideTheBasePath() throws Exception {
        for (RequestSpecification client : clients()) {
            for (String path : List.of(
                    "/", "/meshes", "/who-am-i", "/kumax/meshes", "/KUMA/meshes", "/_resources", "/tokens/user")) {
                client.get(path)
                        .then()
                        .statusCode(404)
                        .contentType(startsWith("text/plain"))
                        .header("X-Content-Type-Options", equalTo("nosniff"))
                        .body(equalTo("404 page not found\n"));
            }
        }
    }

    @Test
    void pathsThatOnlyLookInsideOnTheRequestLineAreOutside() throws IOException {
        for (String path : List.of(
                "/kuma/../meshes",
                "/kuma/%2e%2e/meshes",
                "/kuma/%2E%2E/who-am-i",
                "/kuma%2Fmeshes",
                "/x/../../kuma%2fmeshes",
                "/kuma/gui/",
                "/kuma/gui/app.js",
                "/kuma/./gui/")) {
            String reply = raw("GET", path);
            assertThat(reply).as(path).startsWith("HTTP/1.1 404").contains("404 page not found");
        }
        // and a path that only looks outside is inside: the decision is on the path the router serves (Vert.x
        // removes dot segments, merges slashes and decodes unreserved escapes; Go's mux redirects to the clean path)
        for (String path : List.of("/gui/../kuma/meshes", "/kuma/%6Deshes", "//kuma/meshes", "/kuma//meshes")) {
            assertThat(raw("GET", path)).as(path).startsWith("HTTP/1.1 200").contains("\"items\"");
        }
    }

    @Test
    void writesAndTokensWorkUnderTheBasePath() {
        given().contentType("application/json")
                .body(Meshes.plain("bp-write").json())
                .put("/kuma/meshes/bp-write")
                .then()
                .statusCode(201);
        given().get("/kuma/meshes/bp-write").then().statusCode(200).body("name", equalTo("bp-write"));
        given().contentType("application/json")
                .body("{\"name\":\"john\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/kuma/tokens/user")
                .then()
                .statusCode(200)
                .body(startsWith("eyJ"));
        given().delete("/kuma/meshes/bp-write").then().statusCode(200);
        given().get("/kuma/meshes/bp-write").then().statusCode(404).contentType(startsWith("application/json"));
        given().put("/meshes/bp-write").then().statusCode(404).body(equalTo("404 page not found\n"));
    }

    @Test
    void streamedBodiesAreReadAfterTheRerouteAndStillLimited() throws IOException {
        // the reroute happens before anything reads the body: a chunked body reaches the endpoint whole
        String mesh = "{\"type\":\"Mesh\",\"name\":\"bp-chunked\"}";
        assertThat(rawChunked("/kuma/meshes/bp-chunked", mesh)).startsWith("HTTP/1.1 201");
        given().get("/kuma/meshes/bp-chunked").then().statusCode(200);
        String big = "{\"type\":\"Mesh\",\"name\":\"bp-big\",\"x\":\"" + "A".repeat(1024 * 1024 + 10) + "\"}";
        assertThat(rawChunked("/kuma/meshes/bp-big", big))
                .startsWith("HTTP/1.1 413")
                .contains("Payload Too Large");
    }

    @Test
    void nextLinksCarryTheBasePathAndNotTheRootUrl() throws Exception {
        for (String name : List.of("bp-page-a", "bp-page-b", "bp-page-c")) {
            given().contentType("application/json")
                    .body(Meshes.plain(name).json())
                    .put("/kuma/meshes/" + name)
                    .then()
                    .statusCode(201);
        }
        String host = "localhost:" + base.getPort();
        Response first = given().header("Host", host).get("/kuma/meshes?size=1");
        first.then().statusCode(200);
        String next = first.path("next");
        assertThat(next).isEqualTo("http://" + host + "/kuma/meshes?offset=1&size=1");
        URI uri = URI.create(next);
        given().get(uri.getRawPath() + "?" + uri.getRawQuery())
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));

        // another family of lists (the insights' overviews) and the HTTPS listener build the same way
        given().contentType("application/json")
                .body(Meshes.plain("bp-dps").json())
                .put("/kuma/meshes/bp-dps")
                .then()
                .statusCode(201);
        for (String dp : List.of("dp-1", "dp-2")) {
            given().contentType("application/json")
                    .body(Dataplanes.web("bp-dps", dp).json())
                    .put("/kuma/meshes/bp-dps/dataplanes/" + dp)
                    .then()
                    .statusCode(201);
        }
        int https = httpsPort.get().orElseThrow();
        X509Certificate server = TlsTestClient.serverChain("127.0.0.1", https).get(0);
        String overview = TlsTestClient.restAssured(server, https)
                .header("Host", "cp.example:" + https)
                .get("/kuma/meshes/bp-dps/dataplanes/_overview?size=1")
                .then()
                .statusCode(200)
                .extract()
                .path("next");
        assertThat(overview)
                .isEqualTo("https://cp.example:" + https + "/kuma/meshes/bp-dps/dataplanes/_overview?offset=1&size=1");
    }

    @Test
    void theDashboardStaysAtGuiAndCallsTheApiAtTheRootUrl() {
        given().redirects().follow(false).get("/gui").then().statusCode(301).header("Location", equalTo("/gui/"));
        for (String page : List.of("/gui/", "/gui/index.html")) {
            given().get(page)
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/html"))
                    .body(containsString("<script type=\"application/json\" id=\"meshtrust-config\">" + "{\"apiUrl\":\""
                            + ROOT_URL + "\"}</script>"))
                    .body(containsString("<script type=\"module\" src=\"app.js\"></script>"))
                    // the page may call the API's origin, and nothing else
                    .header(
                            "Content-Security-Policy",
                            containsString("connect-src 'self' https://mesh.example.com:8443;"))
                    .header("Content-Security-Policy", containsString("script-src 'self';"));
        }
        given().get("/gui/api.js").then().statusCode(200).body(containsString("meshtrust-config"));
    }

    @Test
    void corsAppliesUnderTheBasePathAndNotOutsideIt() {
        given().header("Origin", GUI)
                .header("Access-Control-Request-Method", "PUT")
                .options("/kuma/meshes/default")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(GUI));
        given().header("Origin", GUI)
                .get("/kuma/meshes")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(GUI));
        // Kuma's mux answers outside its web services, before the CORS filter
        given().header("Origin", GUI)
                .header("Access-Control-Request-Method", "GET")
                .options("/meshes")
                .then()
                .statusCode(404)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void authenticationDecidesOnThePathUnderTheBasePath() {
        // the index skips token checks (Kuma's rule for GET /), the API does not
        given().header("Authorization", "Bearer not-a-token")
                .get("/kuma/")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer not-a-token")
                .get("/kuma/meshes")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer not-a-token")
                .get("/gui/")
                .then()
                .statusCode(200);
    }

    @Test
    void theResourceTypesNameTheirPathsWithoutTheBasePath() {
        // kumactl and the GUI join these to their API address, which holds the base path
        given().get("/kuma/_resources").then().statusCode(200).body("resources.path", hasItem("meshes"));
    }

    @Test
    void theDiagnosticsPortKeepsItsPaths() {
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200);
        given().port(management.getPort()).get("/kuma/q/health/ready").then().statusCode(404);
    }

    private List<RequestSpecification> clients() throws Exception {
        int https = httpsPort.get().orElseThrow();
        List<X509Certificate> chain = TlsTestClient.serverChain("127.0.0.1", https);
        return List.of(given(), TlsTestClient.restAssured(chain.get(0), https));
    }

    /** PUTs a JSON body with {@code Transfer-Encoding: chunked} (16 KiB chunks) and returns the whole reply. */
    private String rawChunked(String target, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + target + " HTTP/1.1\r\nHost: localhost:" + base.getPort()
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < body.length; i += 16 * 1024) {
                    int n = Math.min(16 * 1024, body.length - i);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, i, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may answer 413 and close before the whole body is sent; read what it said
            }
            var buffer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Sends a request line exactly as written (no client-side normalisation) and returns the whole reply. */
    private String raw(String method, String target) throws IOException {
        String request = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + base.getPort()
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            var buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            String reply = buffer.toString(StandardCharsets.UTF_8);
            Matcher status = Pattern.compile("^HTTP/1\\.1 \\d{3}").matcher(reply);
            assertThat(status.find()).as("a status line in %s", reply).isTrue();
            return reply;
        }
    }
}
