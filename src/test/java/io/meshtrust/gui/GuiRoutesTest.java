package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** How the dashboard's files are served: the redirect, content types, and the headers that confine the page. */
@QuarkusTest
class GuiRoutesTest {

    @Test
    void guiWithoutTheSlashRedirectsToThePage() {
        given().redirects().follow(false).get("/gui").then().statusCode(301).header("Location", equalTo("/gui/"));
        given().redirects()
                .follow(false)
                .get("/gui?x=1")
                .then()
                .statusCode(301)
                .header("Location", equalTo("/gui/?x=1"));
    }

    @Test
    void pageAndModulesAreServedWithAPolicyThatAllowsOnlyThisOrigin() {
        given().get("/gui/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo(GuiRoutes.CSP))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .body(containsString("<script type=\"module\" src=\"app.js\"></script>"));
        for (String module : new String[] {"/gui/app.js", "/gui/api.js"}) {
            given().get(module)
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/javascript"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"));
        }
        given().get("/gui/style.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void theFilesNeedNoTokenButABadTokenStillCannotReadTheApi() {
        // Kuma's rule: /gui skips authentication; the API behind it does not
        given().header("Authorization", "Bearer not-a-token")
                .get("/gui/")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer not-a-token")
                .get("/certificate-insights")
                .then()
                .statusCode(401);
    }

    @Test
    void everyFileOfTheDashboardIsServedWithItsType() throws IOException {
        Set<String> shipped;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", GuiRoutes.DIRECTORY))) {
            shipped = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> served = new HashSet<>(GuiRoutes.FILES.keySet());
        served.add("index.html");
        Assertions.assertThat(served).as("files GuiRoutes serves").isEqualTo(shipped);
        GuiRoutes.FILES.forEach((name, type) ->
                given().get("/gui/" + name).then().statusCode(200).header("Content-Type", equalTo(type)));
    }

    @Test
    void theIndexLinksTheDashboard() {
        given().get("/").then().statusCode(200).body("gui", equalTo("/gui"));
    }

    @Test
    void thePageLoadsNothingFromAnotherOrigin() {
        String html = given().get("/gui/").then().extract().asString();
        String app = given().get("/gui/app.js").then().extract().asString();
        for (String text : new String[] {html, app}) {
            // the SVG namespace is a name, not a request
            Assertions.assertThat(text.replace("http://www.w3.org/2000/svg", ""))
                    .doesNotContain("http://", "https://", "//cdn", "innerHTML");
        }
    }
}
