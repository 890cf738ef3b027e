package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15 point 4 in the dashboard: a mesh rotating its CA gets a progress view (phase, next step, per-backend
 * counts, the dataplanes holding it up with their reasons); a stable mesh gets none, and the section is hidden when
 * nothing rotates. Real minting in headless Chromium; the screenshot is kept as {@code target/gui-screenshots/rotation.png}.
 */
@QuarkusTest
class RotationDashboardBrowserTest {

    private static ChromeDriver chrome;

    @TestHTTPResource("/gui/")
    URL gui;

    @Inject
    ResourceStore store;

    @AfterAll
    static void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
            chrome = null;
        }
    }

    static void mint(String mesh, String dp) {
        given().header("Content-Type", "application/json")
                .body("{\"keyType\":\"ecdsa-p256\"}")
                .post("/meshes/" + mesh + "/dataplanes/" + dp + "/certificate")
                .then()
                .statusCode(200);
    }

    @Test
    void aRotatingMeshShowsItsProgressAndLaggards() throws IOException {
        StoreReset.clear(store);
        chrome = chrome == null ? Chromium.start() : chrome;
        Meshes.builtin("calm").put().then().statusCode(201);
        Meshes.builtin("moving").dpCertExpiration("1h").put().then().statusCode(201);
        for (String dp : List.of("dp-1", "dp-2", "dp-3")) {
            Dataplanes.web("moving", dp).noServicePort().put().then().statusCode(201);
            mint("moving", dp);
        }
        open();
        assertThat(chrome.findElement(By.id("rotation-section")).isDisplayed())
                .as("nothing rotates yet")
                .isFalse();

        Meshes.plain("moving")
                .builtinBackend("ca-1")
                .dpCertExpiration("1h")
                .builtinBackend("ca-2")
                .dpCertExpiration("1h")
                .enabled("ca-1")
                .put()
                .then()
                .statusCode(200);
        mint("moving", "dp-1");
        open();
        assertThat(chrome.findElement(By.id("rotation-section")).isDisplayed()).isTrue();
        List<WebElement> views = chrome.findElements(By.cssSelector("#rotations article"));
        assertThat(views).extracting(v -> v.getAttribute("data-mesh")).containsExactly("moving");
        WebElement view = views.get(0);
        assertThat(view.getAttribute("data-phase")).isEqualTo("trust-propagating");
        assertThat(view.findElement(By.cssSelector(".next-step")).getText()).contains("wait: 2 online dataplanes");
        WebElement ca2 = view.findElement(By.cssSelector("tr[data-backend='ca-2']"));
        assertThat(ca2.findElements(By.cssSelector("td.progress")).get(0).getAttribute("data-count"))
                .isEqualTo("1");
        assertThat(ca2.findElements(By.cssSelector("td.progress")).get(0).getText())
                .endsWith("1 / 3");
        assertThat(view.findElements(By.cssSelector("table.laggards tbody tr")))
                .extracting(r -> r.getAttribute("data-name") + ":" + r.getAttribute("data-reason"))
                .containsExactly("dp-2:lacks root", "dp-3:lacks root");
        screenshot("rotation.png");

        mint("moving", "dp-2");
        mint("moving", "dp-3");
        open();
        view = chrome.findElement(By.cssSelector("#rotations article[data-mesh='moving']"));
        assertThat(view.getAttribute("data-phase")).isEqualTo("ready-to-switch");
        assertThat(view.findElement(By.cssSelector(".next-step")).getText())
                .isEqualTo("Next step: set mtls.enabledBackend to \"ca-2\"");
        assertThat(view.findElements(By.cssSelector("table.laggards"))).isEmpty();
    }

    void open() {
        chrome.get(gui.toString());
        new WebDriverWait(chrome, Duration.ofSeconds(20))
                .until(ExpectedConditions.attributeToBeNotEmpty(chrome.findElement(By.tagName("body")), "data-loaded"));
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(DashboardBrowserTest.SCREENSHOTS);
        Files.write(DashboardBrowserTest.SCREENSHOTS.resolve(name), chrome.getScreenshotAs(OutputType.BYTES));
    }
}
