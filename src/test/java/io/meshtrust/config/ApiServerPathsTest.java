package io.meshtrust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code KUMA_API_SERVER_BASE_PATH}, {@code KUMA_API_SERVER_ROOT_URL} and the GUI's {@code _GUI_BASE_PATH} and
 * {@code _GUI_ROOT_URL}: Kuma's normalisation, the start-up checks.
 */
class ApiServerPathsTest {

    private static KumaConfig config(String basePath, String rootUrl) {
        var properties = new HashMap<String, String>();
        if (basePath != null) {
            properties.put("kuma.api-server.base-path", basePath);
        }
        if (rootUrl != null) {
            properties.put("kuma.api-server.root-url", rootUrl);
        }
        return TestConfigs.kuma(properties);
    }

    @Test
    void defaultsServeTheApiAtTheRootAndTheDashboardCallsIt() {
        KumaConfig defaults = TestConfigs.kuma(Map.of());
        assertThat(ApiServerPaths.basePath(defaults)).isEqualTo("/");
        assertThat(ApiServerPaths.dashboardApiUrl(defaults)).isEmpty();
        assertThat(ApiServerPaths.dashboardApiOrigin(defaults)).isEmpty();
        assertThat(ApiServerPaths.violations(defaults)).isEmpty();
    }

    @Test
    void aMissingLeadingSlashIsAddedAndTrailingOnesDroppedAsInKuma() {
        assertThat(ApiServerPaths.basePath(config("kuma", null))).isEqualTo("/kuma");
        assertThat(ApiServerPaths.basePath(config("/kuma/", null))).isEqualTo("/kuma");
        assertThat(ApiServerPaths.basePath(config("/api/v1", null))).isEqualTo("/api/v1");
        assertThat(ApiServerPaths.basePath(config("/", null))).isEqualTo("/");
        assertThat(ApiServerPaths.violations(config("kuma", null))).isEmpty();
    }

    @Test
    void theDashboardCallsTheRootUrlWhenSetElseTheBasePath() {
        assertThat(ApiServerPaths.dashboardApiUrl(config("/kuma", null))).isEqualTo("/kuma");
        assertThat(ApiServerPaths.dashboardApiUrl(config("/kuma", "https://mesh.example.com/api/")))
                .isEqualTo("https://mesh.example.com/api");
        assertThat(ApiServerPaths.dashboardApiOrigin(config("/kuma", "https://Mesh.Example.com:8443/api")))
                .contains("https://mesh.example.com:8443");
        assertThat(ApiServerPaths.dashboardApiUrl(config("/kuma", "/proxied/kuma")))
                .isEqualTo("/proxied/kuma");
        assertThat(ApiServerPaths.dashboardApiOrigin(config("/kuma", "/proxied/kuma")))
                .isEqualTo(Optional.empty());
        // Kuma: an empty root URL is no root URL
        assertThat(ApiServerPaths.dashboardApiUrl(config("/kuma", " "))).isEqualTo("/kuma");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/kuma/../x", "/a//b", "/k%75ma", "/ku ma", "/kuma?x=1", "/kuma#top", "/./kuma", "/kümä"})
    void refusesABasePathThatCannotBeMatchedLiterally(String basePath) {
        assertThat(ApiServerPaths.violations(config(basePath, null)))
                .singleElement()
                .asString()
                .startsWith("KUMA_API_SERVER_BASE_PATH: \"" + basePath + "\" is not a usable base path: ")
                .endsWith("(use a path such as /kuma; the default is /)");
    }

    @Test
    void refusesABasePathOnOrUnderTheDashboard() {
        for (String basePath : List.of("/gui", "/gui/", "gui/api")) {
            assertThat(ApiServerPaths.violations(config(basePath, null)))
                    .singleElement()
                    .asString()
                    .contains("the dashboard is served at /gui (KUMA_API_SERVER_GUI_BASE_PATH); choose a base path"
                            + " outside it");
        }
        assertThat(ApiServerPaths.violations(config("/guix", null))).isEmpty();
    }

    private static KumaConfig gui(String apiBasePath, String guiBasePath, String guiRootUrl) {
        var properties = new HashMap<String, String>();
        if (apiBasePath != null) {
            properties.put("kuma.api-server.base-path", apiBasePath);
        }
        if (guiBasePath != null) {
            properties.put("kuma.api-server.gui.base-path", guiBasePath);
        }
        if (guiRootUrl != null) {
            properties.put("kuma.api-server.gui.root-url", guiRootUrl);
        }
        return TestConfigs.kuma(properties);
    }

    @Test
    void theDashboardIsAtTheGuiBasePathAndTheIndexLinksTheGuiRootUrlWhenSet() {
        KumaConfig defaults = TestConfigs.kuma(Map.of());
        assertThat(ApiServerPaths.dashboardPath(defaults)).isEqualTo("/gui");
        assertThat(ApiServerPaths.guiUrl(defaults)).isEqualTo("/gui");
        // Kuma appends the slash it registers: /dash/ and /dash are one path; the index shows the value as set
        assertThat(ApiServerPaths.dashboardPath(gui(null, "/dash/", null))).isEqualTo("/dash");
        assertThat(ApiServerPaths.guiUrl(gui(null, "/dash/", null))).isEqualTo("/dash/");
        assertThat(ApiServerPaths.dashboardPath(gui(null, "/tools/mesh", null))).isEqualTo("/tools/mesh");
        // the root URL is where browsers reach it: the index says so, the dashboard is still served at its path
        KumaConfig proxied = gui("/kuma", "/dash", "https://mesh.example.com/dashboard");
        assertThat(ApiServerPaths.guiUrl(proxied)).isEqualTo("https://mesh.example.com/dashboard");
        assertThat(ApiServerPaths.dashboardPath(proxied)).isEqualTo("/dash");
        assertThat(ApiServerPaths.violations(proxied)).isEmpty();
        assertThat(ApiServerPaths.guiUrl(gui(null, "/dash", " "))).isEqualTo("/dash");
        // the API's base path does not move the dashboard, nor its root URL the dashboard's calls' target
        assertThat(ApiServerPaths.dashboardPath(gui("/kuma", null, null))).isEqualTo("/gui");
        assertThat(ApiServerPaths.dashboardApiUrl(proxied)).isEqualTo("/kuma");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "/", "//", "/a//b", "/d%61sh", "/../x", "/da sh", "/dash?x"})
    void refusesAGuiBasePathThatCannotServeTheDashboard(String guiBasePath) {
        assertThat(ApiServerPaths.violations(gui(null, guiBasePath, null)))
                .singleElement()
                .asString()
                .startsWith("KUMA_API_SERVER_GUI_BASE_PATH: \"" + guiBasePath + "\" is not a usable GUI base path: ")
                .endsWith("(use a path such as /gui, the default)");
        assertThat(ApiServerPaths.violations(gui(null, "dash", null)))
                .singleElement()
                .asString()
                .contains("it must start with /");
    }

    @Test
    void theApiBasePathMustStayOutsideTheDashboardWhereverItIs() {
        assertThat(ApiServerPaths.violations(gui("/dash/api", "/dash", null)))
                .singleElement()
                .asString()
                .startsWith("KUMA_API_SERVER_BASE_PATH: \"/dash/api\"")
                .contains("the dashboard is served at /dash (KUMA_API_SERVER_GUI_BASE_PATH)");
        // the dashboard moved: /gui is free for the API, and a dashboard under the API's base path is Kuma's layout
        assertThat(ApiServerPaths.violations(gui("/gui", "/dash", null))).isEmpty();
        assertThat(ApiServerPaths.violations(gui("/kuma", "/kuma/gui", null))).isEmpty();
    }

    @Test
    void refusesAGuiRootUrlBrowsersCouldNotUse() {
        assertThat(ApiServerPaths.violations(gui(null, null, "ftp://mesh.example.com/gui")))
                .singleElement()
                .asString()
                .startsWith("KUMA_API_SERVER_GUI_ROOT_URL: \"ftp://mesh.example.com/gui\" is not a usable root URL: ")
                .contains("such as https://mesh.example.com/gui or /gui");
        assertThat(ApiServerPaths.violations(gui(null, null, "/proxied/gui"))).isEmpty();
    }

    @Test
    void namesTheCharacterThatIsNotAllowed() {
        assertThat(ApiServerPaths.violations(config("/ku ma", null)))
                .singleElement()
                .asString()
                .contains("the character U+0020 is not allowed in a path");
        assertThat(ApiServerPaths.violations(config("/ku\"ma", null)))
                .singleElement()
                .asString()
                .contains("the character '\"' (U+0022) is not allowed");
        assertThat(ApiServerPaths.violations(config("/ku\nma", null)))
                .singleElement()
                .asString()
                .contains("\"/ku\\u000ama\"")
                .doesNotContain("\n");
    }

    @Test
    void acceptsAbsoluteHttpUrlsAndPathsAsRootUrl() {
        for (String url : List.of(
                "https://mesh.example.com/kuma",
                "http://10.0.0.1:5681",
                "HTTPS://mesh.example.com/",
                "http://[::1]:5681/api",
                "/kuma")) {
            assertThat(ApiServerPaths.violations(config(null, url))).as(url).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mesh.example.com/kuma",
                "ftp://mesh.example.com",
                "https://user:pw@mesh.example.com",
                "https:///kuma",
                "https://mesh.example.com/kuma?x=1",
                "https://mesh.example.com/kuma#x",
                "https://mesh.example.com/a b",
                "/a/../b",
                "javascript:alert(1)"
            })
    void refusesARootUrlBrowsersCouldNotUse(String url) {
        assertThat(ApiServerPaths.violations(config(null, url)))
                .singleElement()
                .asString()
                .startsWith("KUMA_API_SERVER_ROOT_URL: \"" + url + "\" is not a usable root URL: ")
                .contains("such as https://mesh.example.com/kuma");
    }

    @Test
    void aBadBasePathStopsTheStartThroughTheValidator() {
        assertThatThrownBy(() -> ConfigValidator.validate(config("/a//b", "ftp://x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KUMA_API_SERVER_BASE_PATH: \"/a//b\" is not a usable base path: it has an empty"
                        + " segment (//)")
                .hasMessageContaining("KUMA_API_SERVER_ROOT_URL: \"ftp://x\" is not a usable root URL: it must start"
                        + " with http://, https:// or /");
    }
}
