package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code KUMA_API_SERVER_GUI_BASE_PATH=/tools/dash/} with the API at {@code /}: the dashboard is served there (the
 * trailing slash is Kuma's registered one) and nowhere else, {@code /gui} is then an unknown path, and the index links
 * the GUI base path as set.
 */
@QuarkusTest
@TestProfile(GuiBasePathTest.Profile.class)
class GuiBasePathTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kuma.api-server.gui.base-path", "/tools/dash/");
        }
    }

    @Test
    void theDashboardIsServedAtTheGuiBasePath() {
        given().redirects()
                .follow(false)
                .get("/tools/dash?x=1")
                .then()
                .statusCode(301)
                .header("Location", equalTo("/tools/dash/?x=1"));
        for (String page : List.of("/tools/dash/", "/tools/dash/index.html")) {
            given().get(page)
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", equalTo(GuiRoutes.CSP))
                    .header("Cache-Control", equalTo("no-cache"))
                    .body(containsString("<script type=\"application/json\" id=\"meshtrust-config\">{\"apiUrl\":\"\"}"))
                    .body(containsString("<script type=\"module\" src=\"app.js\"></script>"));
        }
        given().get("/tools/dash/app.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Content-Security-Policy", equalTo(GuiRoutes.CSP))
                .body(containsString("import"));
        given().get("/tools/dash/api.js").then().statusCode(200).body(containsString("meshtrust-config"));
        given().get("/tools/dash/style.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().head("/tools/dash/app.js").then().statusCode(200);
        // a file the dashboard does not have, and a page only read with GET
        given().get("/tools/dash/nope.js").then().statusCode(404);
        given().post("/tools/dash/").then().statusCode(not(equalTo(200)));
    }

    @Test
    void theDefaultPathIsNoLongerTheDashboard() {
        for (String path : List.of("/gui", "/gui/", "/gui/index.html", "/gui/app.js", "/gui/style.css")) {
            given().redirects().follow(false).get(path).then().statusCode(404);
        }
        // the page's static files are not served from anywhere else either
        given().get("/tools/app.js").then().statusCode(404);
        given().get("/app.js").then().statusCode(404);
    }

    @Test
    void theIndexLinksTheGuiBasePathAsSet() {
        given().get("/").then().statusCode(200).body("gui", equalTo("/tools/dash/"));
    }

    @Test
    void theDashboardNeedsNoTokenWhereverItIs() {
        given().header("Authorization", "Bearer not-a-token")
                .get("/tools/dash/")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer not-a-token")
                .get("/meshes")
                .then()
                .statusCode(401);
    }
}
