package io.meshtrust.gui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GUI's settings with an API base path: {@code KUMA_API_SERVER_BASE_PATH=/kuma},
 * {@code KUMA_API_SERVER_GUI_BASE_PATH=/ui} and {@code KUMA_API_SERVER_GUI_ROOT_URL}. As in Kuma the dashboard is at
 * its own path beside the API, not under the API's base path; it calls the API at the base path, and the index (under
 * the base path) links the GUI root URL.
 */
@QuarkusTest
@TestProfile(GuiBasePathUnderApiBasePathTest.Profile.class)
class GuiBasePathUnderApiBasePathTest {

    static final String GUI_ROOT_URL = "https://mesh.example.com/dashboard";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kuma.api-server.base-path", "/kuma",
                    "kuma.api-server.gui.base-path", "/ui",
                    "kuma.api-server.gui.root-url", GUI_ROOT_URL);
        }
    }

    @Test
    void theDashboardIsAtItsPathAndCallsTheApiUnderTheBasePath() {
        given().redirects().follow(false).get("/ui").then().statusCode(301).header("Location", equalTo("/ui/"));
        given().get("/ui/")
                .then()
                .statusCode(200)
                .body(containsString(
                        "<script type=\"application/json\" id=\"meshtrust-config\">{\"apiUrl\":\"/kuma\"}</script>"));
        given().get("/ui/app.js").then().statusCode(200);
        given().get("/kuma/meshes").then().statusCode(200);
    }

    @Test
    void neitherTheDefaultPathNorTheApiBasePathServeIt() {
        for (String path :
                List.of("/gui/", "/gui/app.js", "/kuma/ui/", "/kuma/ui/app.js", "/kuma/gui/", "/dashboard/")) {
            given().redirects().follow(false).get(path).then().statusCode(404);
        }
        // outside the API's base path and the dashboard: Kuma's mux answer
        given().get("/gui/").then().body(equalTo("404 page not found\n"));
    }

    @Test
    void theIndexLinksTheGuiRootUrl() {
        given().get("/kuma/").then().statusCode(200).body("gui", equalTo(GUI_ROOT_URL));
    }
}
