package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.meshtrust.tls.HttpsPort;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at {@code /gui} in headless Chromium against the running server: what it shows for seeded
 * dataplanes in every certificate state, its filters and paging, sign-in with a user token, and the sign-in prompt
 * a refused token leads to. Screenshots are kept under {@code target/gui-screenshots/} as test artifacts.
 *
 * <p>Seed (certificate times relative to the seeding): mesh {@code payments} (builtin CA, 30-day leaves) holds one
 * Dataplane per state: {@code expired-1} (expired an hour ago), {@code due-1} (renew-due: past renewAfter by a
 * minute, within the default overdue grace of 10 minutes; expires in 20 h), {@code overdue-1} (past renewAfter by 2 h,
 * expires in 10 h), {@code hour-1} (valid, expires in 40 min), {@code daily-1} (a fresh 24-hour certificate, issued an
 * hour ago: valid, and expiring in less than 24 h, which is no warning), {@code week-1} (valid, expires in 3 d),
 * {@code fresh-1} (minted through the HTTP endpoint: valid for 30 d), {@code never-1} (never issued); mesh
 * {@code bulk} holds 120 valid Dataplanes expiring in 20 d, for paging.
 */
@QuarkusTest
class DashboardBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "gui-screenshots");
    static final int BULK = 120;
    static final int TOTAL = BULK + 8;

    private static ChromeDriver chrome;
    private static boolean seeded;

    @TestHTTPResource("/gui")
    URL gui;

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @Inject
    SigningKeyManager keys;

    @Inject
    HttpsPort httpsPort;

    @Inject
    Vertx vertx;

    @BeforeEach
    void browserAndSeed() {
        if (chrome == null) {
            chrome = Chromium.start();
        }
        if (!seeded) {
            seed();
            seeded = true;
        }
        ((JavascriptExecutor) chrome).executeScript("try { sessionStorage.clear(); } catch (e) {}");
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
    void showsCountsTimelineSoonestAndMeshes() throws IOException {
        open(gui.toString());
        assertThat(chrome.getCurrentUrl()).as("/gui redirects to the page").endsWith("/gui/");
        assertThat(text(By.id("identity"))).isEqualTo("mesh-system:admin (no token)");

        assertThat(card("total")).isEqualTo(TOTAL);
        assertThat(card("valid")).isEqualTo(BULK + 4);
        assertThat(card("renew-due")).isEqualTo(1);
        assertThat(card("overdue")).isEqualTo(1);
        assertThat(card("expiring-1h")).isEqualTo(1);
        assertThat(card("expiring-24h")).isEqualTo(4);
        assertThat(card("expiring-7d")).isEqualTo(5);
        assertThat(card("expired")).isEqualTo(1);
        assertThat(card("none")).isEqualTo(1);

        // Colours follow the lifetime-relative states: amber for renew-due, red for overdue and expired; the fixed
        // windows are neutral (kuma#16409: not every fresh 24-hour certificate painted red).
        assertThat(cardColour("renew-due")).isEqualTo(AMBER);
        assertThat(cardColour("overdue")).isEqualTo(RED);
        assertThat(cardColour("expired")).isEqualTo(RED);
        for (String window : List.of("expiring-1h", "expiring-24h", "expiring-7d")) {
            assertThat(cardColour(window)).as(window).isNotIn(RED, AMBER);
        }

        // 28 buckets of 6 h over 7 days; hour-1, overdue-1, due-1 and daily-1 fall in the first day, week-1 (3 d
        // after seeding) at the end of the third
        List<WebElement> bars = chrome.findElements(By.cssSelector("#timeline rect.bar"));
        assertThat(bars).hasSize(28);
        List<Integer> counts = bars.stream()
                .map(b -> Integer.parseInt(b.getAttribute("data-count")))
                .toList();
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(counts.subList(0, 4).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(4);
        assertThat(counts.get(11)).isEqualTo(1);

        assertThat(names(By.cssSelector("#soonest li")))
                .startsWith("hour-1", "overdue-1", "due-1", "daily-1", "week-1");

        List<WebElement> meshes = chrome.findElements(By.cssSelector("#meshes tbody tr"));
        assertThat(meshes).extracting(r -> r.getAttribute("data-mesh")).containsExactly("bulk", "payments");
        WebElement payments = meshes.get(1);
        List<WebElement> cells = payments.findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).isEqualTo("ca-1 (builtin)");
        assertThat(cells.get(2).getText()).as("the CA is valid for ten years").matches("in \\d+ d");
        assertThat(cells.get(3).getText()).isEqualTo("8");

        screenshot("dashboard.png");
    }

    @Test
    void filtersByStateTagNameAndMeshAndPages() throws IOException {
        open(gui + "/");
        assertThat(text(By.id("page-info"))).isEqualTo("1–50 of " + TOTAL);
        assertThat(rows()).hasSize(50);
        assertThat(rows().get(0)).isEqualTo("dp-000");

        act(() -> click(By.id("next")));
        assertThat(text(By.id("page-info"))).isEqualTo("51–100 of " + TOTAL);
        assertThat(rows().get(0)).isEqualTo("dp-050");
        act(() -> click(By.id("next")));
        assertThat(text(By.id("page-info"))).isEqualTo("101–" + TOTAL + " of " + TOTAL);
        assertThat(chrome.findElement(By.id("next")).isEnabled()).isFalse();
        assertThat(rows()).endsWith("never-1", "overdue-1", "week-1");

        state("expired");
        assertThat(rows()).containsExactly("expired-1");
        assertThat(text(By.cssSelector("#dataplanes tbody td[data-state] .badge")))
                .isEqualTo("expired");
        assertThat(text(By.id("page-info"))).isEqualTo("1–1 of 1");
        assertThat(badgeColour("expired-1")).isEqualTo(RED);
        state("renew-due");
        assertThat(rows()).containsExactly("due-1");
        assertThat(text(By.cssSelector("tr[data-name='due-1'] td[data-state] .badge")))
                .isEqualTo("renew due");
        assertThat(badgeColour("due-1")).isEqualTo(AMBER);
        state("overdue");
        assertThat(rows()).containsExactly("overdue-1");
        assertThat(text(By.cssSelector("tr[data-name='overdue-1'] td[data-state] .badge")))
                .isEqualTo("overdue");
        assertThat(badgeColour("overdue-1")).isEqualTo(RED);
        assertThat(text(By.id("page-info"))).isEqualTo("1–1 of 1");
        state("expiring-1h");
        assertThat(rows()).containsExactly("hour-1");
        assertThat(text(By.cssSelector("tr[data-name='hour-1'] [data-window]"))).isEqualTo("< 1 h");
        state("expiring-24h");
        assertThat(rows()).containsExactly("daily-1", "due-1", "hour-1", "overdue-1");
        // the fresh 24-hour certificate: valid (green), with "< 24 h" as neutral information
        assertThat(text(By.cssSelector("tr[data-name='daily-1'] td[data-state] .badge")))
                .isEqualTo("valid");
        assertThat(text(By.cssSelector("tr[data-name='daily-1'] [data-window]")))
                .isEqualTo("< 24 h");
        assertThat(badgeColour("daily-1")).isEqualTo(GREEN);
        assertThat(chrome.findElement(By.cssSelector("tr[data-name='daily-1'] [data-window]"))
                        .getCssValue("background-color"))
                .isNotIn(RED, AMBER);
        state("expiring-7d");
        assertThat(rows()).containsExactly("daily-1", "due-1", "hour-1", "overdue-1", "week-1");
        state("none");
        assertThat(rows()).containsExactly("never-1");
        assertThat(text(By.cssSelector("tr[data-name='never-1'] td[data-state]")))
                .isEqualTo("never issued");
        state("valid");
        assertThat(text(By.id("page-info"))).isEqualTo("1–50 of " + (BULK + 4));
        assertThat(chrome.getCurrentUrl()).as("the view is kept in the address").contains("#state=valid");

        // tag and name, with the state cleared
        state("");
        filter(By.id("filter-tag"), "kuma.io/service:web-due");
        assertThat(rows()).containsExactly("due-1");
        filter(By.id("filter-tag"), "");
        filter(By.id("filter-name"), "week");
        assertThat(rows()).containsExactly("week-1");
        filter(By.id("filter-name"), "");

        act(() -> new Select(chrome.findElement(By.id("filter-mesh"))).selectByValue("payments"));
        assertThat(rows())
                .containsExactly(
                        "daily-1", "due-1", "expired-1", "fresh-1", "hour-1", "never-1", "overdue-1", "week-1");
        assertThat(text(By.id("summary-scope"))).isEqualTo("in mesh payments");
        assertThat(card("total")).isEqualTo(8);
        WebElement fresh = chrome.findElement(By.cssSelector("tr[data-name='fresh-1']"));
        List<WebElement> cells = fresh.findElements(By.tagName("td"));
        assertThat(cells.get(4).getText()).isEqualTo("valid");
        assertThat(cells.get(5).getText()).isIn("in 30 d", "in 29 d");
        assertThat(cells.get(6).getText()).as("last regeneration: at seeding").matches("\\d+ (s|min) ago");
        assertThat(cells.get(7).getText()).isEqualTo("1");
        assertThat(cells.get(8).getText()).isEqualTo("ca-1");

        // a card is a filter too
        act(() -> click(By.cssSelector("[data-card='renew-due']")));
        assertThat(rows()).containsExactly("due-1");
        screenshot("filtered.png");

        // a reload keeps the view
        open(chrome.getCurrentUrl());
        assertThat(rows()).containsExactly("due-1");
        assertThat(new Select(chrome.findElement(By.id("filter-mesh")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("payments");
    }

    @Test
    void signsInWithAUserTokenAndAsksAgainWhenATokenIsRefused() throws IOException {
        String token = userToken("jane@example.com");
        open(gui + "/");
        click(By.id("sign-in"));
        WebElement dialog = chrome.findElement(By.id("sign-in-dialog"));
        assertThat(dialog.isDisplayed()).isTrue();

        // a token the server does not accept stays out, with the server's reason
        fill(By.id("token"), "not.a.token");
        click(By.id("sign-in-submit"));
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        assertThat(text(By.id("sign-in-error"))).startsWith("This token is not accepted");
        assertThat(storedToken()).isNull();

        fill(By.id("token"), token);
        act(() -> click(By.id("sign-in-submit")));
        assertThat(dialog.isDisplayed()).isFalse();
        assertThat(text(By.id("identity"))).isEqualTo("Signed in as jane@example.com");
        assertThat(storedToken()).isEqualTo(token);
        assertThat(card("total")).as("a user reads the insights").isEqualTo(TOTAL);

        // the token goes bad while the page is open (here: replaced by a forged one): a prompt, not a broken page
        ((JavascriptExecutor) chrome)
                .executeScript(
                        "sessionStorage.setItem('meshtrust.token', arguments[0])",
                        token.substring(0, token.length() - 4) + "AAAA");
        act(() -> click(By.id("refresh")));
        assertThat(dialog.isDisplayed()).isTrue();
        assertThat(text(By.id("sign-in-reason"))).startsWith("The control plane refused the token");
        assertThat(storedToken()).isNull();
        screenshot("sign-in.png");

        act(() -> click(By.id("sign-in-cancel")));
        assertThat(text(By.id("identity"))).isEqualTo("mesh-system:admin (no token)");
        assertThat(card("total")).isEqualTo(TOTAL);
    }

    @Test
    void servesTheSamePageOverHttps() {
        int port = httpsPort.get().orElseThrow();
        open("https://localhost:" + port + "/gui");
        assertThat(chrome.getCurrentUrl()).isEqualTo("https://localhost:" + port + "/gui/");
        assertThat(card("total")).isEqualTo(TOTAL);
        assertThat(text(By.id("page-info"))).isEqualTo("1–50 of " + TOTAL);
    }

    // ---------- seeding ----------

    void seed() {
        StoreReset.clear(store);
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Meshes.builtin("payments").dpCertExpiration("30d").put().then().statusCode(201);
        Meshes.plain("bulk").builtinBackend("ca-b").enabled("ca-b").put().then().statusCode(201);
        certified("payments", "expired-1", now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(5)));
        certified("payments", "due-1", now.plus(Duration.ofHours(20)), now.minus(Duration.ofMinutes(1)));
        certified("payments", "overdue-1", now.plus(Duration.ofHours(10)), now.minus(Duration.ofHours(2)));
        // issued an hour ago for 24 h: renewAfter at 4/5 of the lifetime
        certified("payments", "daily-1", now.plus(Duration.ofHours(23)), now.plus(Duration.ofMinutes(1092)));
        certified("payments", "hour-1", now.plus(Duration.ofMinutes(40)), now.plus(Duration.ofMinutes(30)));
        certified("payments", "week-1", now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(2)));
        dataplane("payments", "fresh-1");
        given().header("Content-Type", "application/json")
                .body("{\"keyType\": \"ecdsa-p256\"}")
                .post("/meshes/payments/dataplanes/fresh-1/certificate")
                .then()
                .statusCode(200);
        dataplane("payments", "never-1");
        for (int i = 0; i < BULK; i++) {
            certified("bulk", "dp-%03d".formatted(i), now.plus(Duration.ofDays(20)), now.plus(Duration.ofDays(16)));
        }
    }

    static void dataplane(String mesh, String name) {
        Dataplanes.web(mesh, name)
                .noServicePort()
                .service("web-" + name)
                .put()
                .then()
                .statusCode(201);
    }

    void certified(String mesh, String name, Instant notAfter, Instant renewAfter) {
        dataplane(mesh, name);
        // issued a day before it expires, or an hour ago for the long-lived ones
        Instant generation = notAfter.minus(Duration.ofDays(1)).isBefore(Instant.now())
                ? notAfter.minus(Duration.ofDays(1))
                : Instant.now().minus(Duration.ofHours(1));
        var backend = mesh.equals("bulk") ? "ca-b" : "ca-1";
        var stats = new DataplaneInsight.MtlsStats(notAfter, generation, 2, backend, List.of(backend));
        var cert = new DataplaneInsight.CurrentCertificate(
                "1", generation, notAfter, renewAfter, "kuma.io/service=web-" + name, "fingerprint");
        insights.put(new DataplaneInsight(
                        ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name),
                        null,
                        null,
                        null,
                        null,
                        stats,
                        cert,
                        null,
                        null))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    static String userToken(String name) {
        return given().header("Content-Type", "application/json")
                .body("{\"name\":\"" + name + "\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    // ---------- browser helpers ----------

    /** Opens a URL and waits until the page has loaded every section once. */
    static void open(String url) {
        chrome.get(url);
        wait(ExpectedConditions.attributeToBeNotEmpty(chrome.findElement(By.tagName("body")), "data-loaded"));
    }

    /** Runs an action and waits until the page reports that the sections it refreshes have been redrawn. */
    static void act(Runnable action) {
        WebElement body = chrome.findElement(By.tagName("body"));
        String before = body.getAttribute("data-loaded");
        action.run();
        wait(driver -> {
            String now = driver.findElement(By.tagName("body")).getAttribute("data-loaded");
            return now != null && !now.equals(before);
        });
    }

    static void state(String value) {
        act(() -> new Select(chrome.findElement(By.id("filter-state"))).selectByValue(value));
    }

    /** Types into a filter field and applies the filters. */
    static void filter(By field, String value) {
        fill(field, value);
        act(() -> click(By.cssSelector("#filters button[type='submit']")));
    }

    static void fill(By field, String value) {
        WebElement input = chrome.findElement(field);
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    static void click(By by) {
        chrome.findElement(by).click();
    }

    static String text(By by) {
        return chrome.findElement(by).getText();
    }

    static final String RED = "rgba(192, 27, 44, 1)";
    static final String AMBER = "rgba(184, 110, 0, 1)";
    static final String GREEN = "rgba(31, 138, 76, 1)";

    /** The colour that marks a card (its left border). */
    static String cardColour(String state) {
        return chrome.findElement(By.cssSelector("[data-card='" + state + "']")).getCssValue("border-left-color");
    }

    /** The background of a listed Dataplane's state badge. */
    static String badgeColour(String name) {
        return chrome.findElement(By.cssSelector("tr[data-name='" + name + "'] td[data-state] .badge"))
                .getCssValue("background-color");
    }

    static int card(String state) {
        return Integer.parseInt(chrome.findElement(By.cssSelector("[data-card='" + state + "'] .count"))
                .getAttribute("data-count"));
    }

    static List<String> rows() {
        return names(By.cssSelector("#dataplanes tbody tr[data-name]"));
    }

    static List<String> names(By by) {
        return chrome.findElements(by).stream()
                .map(e -> e.getAttribute("data-name"))
                .toList();
    }

    static String storedToken() {
        return (String) ((JavascriptExecutor) chrome).executeScript("return sessionStorage.getItem('meshtrust.token')");
    }

    static <T> T wait(ExpectedCondition<T> condition) {
        return new WebDriverWait(chrome, Duration.ofSeconds(20)).until(condition);
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), chrome.getScreenshotAs(OutputType.BYTES));
    }
}
