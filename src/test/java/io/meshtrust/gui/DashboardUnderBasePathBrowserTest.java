package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.meshtrust.testsupport.BasePathProfile;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard with {@code KUMA_API_SERVER_BASE_PATH=/kuma} in headless Chromium: the page stays at {@code /gui}
 * (Kuma's GUI keeps its own path) and reads the API under {@code /kuma}, on both listeners; every API call the
 * browser made went there.
 */
@QuarkusTest
@TestProfile(BasePathProfile.class)
class DashboardUnderBasePathBrowserTest {

    private static ChromeDriver chrome;
    private static boolean seeded;

    @TestHTTPResource("/gui")
    URL gui;

    @Inject
    HttpsPort httpsPort;

    @BeforeEach
    void browserAndSeed() {
        if (chrome == null) {
            chrome = Chromium.start();
        }
        if (!seeded) {
            given().contentType("application/json")
                    .body(Meshes.builtin("under-kuma").json())
                    .put("/kuma/meshes/under-kuma")
                    .then()
                    .statusCode(201);
            for (String dp : List.of("web-1", "web-2")) {
                given().contentType("application/json")
                        .body(Dataplanes.web("under-kuma", dp).json())
                        .put("/kuma/meshes/under-kuma/dataplanes/" + dp)
                        .then()
                        .statusCode(201);
            }
            seeded = true;
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
            chrome = null;
        }
        seeded = false;
    }

    @Test
    void thePageIsToldWhereTheApiIs() {
        given().get("/gui/")
                .then()
                .statusCode(200)
                .body(containsString("<script type=\"application/json\" id=\"meshtrust-config\">"
                        + "{\"apiUrl\":\"/kuma\"}</script>"));
    }

    @Test
    void showsTheMeshesAndDataplanesReadUnderTheBasePathOnBothListeners() {
        // other tests of this profile may have added dataplanes: the view is kept to this test's mesh
        String view = "/gui/#mesh=under-kuma";
        for (String page : List.of(
                "http://localhost:" + gui.getPort() + view,
                "https://localhost:" + httpsPort.get().orElseThrow() + view)) {
            chrome.get(page);
            new WebDriverWait(chrome, Duration.ofSeconds(20))
                    .until(ExpectedConditions.attributeToBeNotEmpty(
                            chrome.findElement(By.tagName("body")), "data-loaded"));
            assertThat(chrome.getCurrentUrl()).as(page).endsWith(view);
            assertThat(chrome.findElement(By.id("banner")).isDisplayed())
                    .as(
                            "no error banner: %s",
                            chrome.findElement(By.id("banner")).getText())
                    .isFalse();
            assertThat(chrome.findElement(By.id("identity")).getText()).isEqualTo("mesh-system:admin (no token)");
            assertThat(chrome.findElements(By.cssSelector("#meshes tbody tr[data-mesh]")).stream()
                            .map(e -> e.getAttribute("data-mesh")))
                    .contains("under-kuma");
            assertThat(chrome.findElements(By.cssSelector("#dataplanes tbody tr[data-name]")).stream()
                            .map(e -> e.getAttribute("data-name")))
                    .contains("web-1", "web-2");

            @SuppressWarnings("unchecked")
            List<String> fetched = (List<String>) ((JavascriptExecutor) chrome)
                    .executeScript("return performance.getEntriesByType('resource')"
                            + ".filter(e => e.initiatorType === 'fetch').map(e => new URL(e.name).pathname)");
            assertThat(fetched)
                    .as("the page's API calls")
                    .isNotEmpty()
                    .allSatisfy(path -> assertThat(path).startsWith("/kuma/"));
            assertThat(fetched).contains("/kuma/who-am-i", "/kuma/meshes");
        }
    }
}
