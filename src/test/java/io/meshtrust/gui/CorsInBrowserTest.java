package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * CORS as a real browser enforces it, which is what the Kuma GUI on its own origin depends on: a page served from
 * another origin reads meshtrust's API with a user token (Chromium sends a preflight for the Authorization header)
 * when that origin is in {@code KUMA_API_SERVER_CORS_ALLOWED_DOMAINS}, and is refused by the browser when it is not.
 * The page is the same one served under two origins that differ only by host ({@code 127.0.0.1} is allowed,
 * {@code localhost} is not).
 */
@QuarkusTest
@TestProfile(CorsInBrowserTest.Profile.class)
class CorsInBrowserTest {

    // Quarkus loads the profile and the test instance through different class loaders: a system property, not a
    // static field alone, gives both the same port.
    static final int PAGE_PORT = Integer.parseInt(System.getProperties()
            .computeIfAbsent("test.meshtrust.cors-page-port", k -> String.valueOf(freePort()))
            .toString());
    static final String ALLOWED = "http://127.0.0.1:" + PAGE_PORT;
    static final String OTHER = "http://localhost:" + PAGE_PORT;

    /** Fetches API + path with the token from the hash, and leaves the outcome in {@code window.outcome}. */
    static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>another origin</title>
            <script>
            const p = new URLSearchParams(location.hash.slice(1));
            fetch(p.get('api') + p.get('path'), {headers: {Authorization: 'Bearer ' + p.get('token')}})
              .then(r => r.json().then(body => { window.outcome = {status: r.status, body}; }))
              .catch(e => { window.outcome = {error: String(e)}; });
            </script>""";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kuma.api-server.cors-allowed-domains", ALLOWED);
        }
    }

    private static HttpServer pages;
    private static ChromeDriver chrome;

    @TestHTTPResource("/")
    URL api;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    @BeforeAll
    static void servePage() throws IOException {
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", PAGE_PORT), 0);
        pages.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
    }

    @AfterAll
    static void stop() {
        if (chrome != null) {
            chrome.quit();
        }
        if (pages != null) {
            pages.stop(0);
        }
    }

    @Test
    void anAllowedOriginReadsTheApiWithATokenAndAnotherOriginIsRefusedByTheBrowser() {
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        String token = given().header("Content-Type", "application/json")
                .body("{\"name\":\"gui-user@example.com\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        chrome = Chromium.start();

        Map<String, Object> allowed = fetchFrom(ALLOWED, "/who-am-i", token);
        assertThat(allowed).containsEntry("status", 200L);
        assertThat(allowed.get("body"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("name", "gui-user@example.com");
        Map<String, Object> insight = fetchFrom(ALLOWED, "/global-insight", token);
        assertThat(insight).containsEntry("status", 200L);
        assertThat(insight.get("body"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsKeys("meshes", "dataplanes", "createdAt");

        // the server answered, but without CORS headers the browser does not hand the response to the page
        Map<String, Object> refused = fetchFrom(OTHER, "/who-am-i", token);
        assertThat(refused).doesNotContainKey("status");
        assertThat((String) refused.get("error")).contains("Failed to fetch");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> fetchFrom(String origin, String path, String token) {
        String apiBase = api.toString().replaceAll("/$", "");
        chrome.get("about:blank"); // a new document each time (a changed hash alone would not reload the page)
        chrome.get(origin + "/#api=" + enc(apiBase) + "&path=" + enc(path) + "&token=" + enc(token));
        return (Map<String, Object>) new WebDriverWait(chrome, Duration.ofSeconds(20))
                .until(driver -> ((JavascriptExecutor) driver).executeScript("return window.outcome || null"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
