package io.meshtrust.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Deployment asks of a running replica is served: each probe path answers 200 "UP" on the management
 * interface (the diagnostics port), and the path in the Prometheus scrape annotation serves metrics there. Ports are
 * {@link KubernetesManifestsTest}'s.
 */
@QuarkusTest
class DeploymentEndpointsTest {

    static Manifests manifests;

    // The management interface's root (/q); only its port is used: the manifests hold absolute paths.
    @TestHTTPResource(value = "", management = true)
    URL management;

    @BeforeAll
    static void load() {
        manifests = Manifests.load();
    }

    @Test
    void everyProbePathAnswersUpOnTheManagementInterface() {
        Container container = manifests.container();
        List<Probe> probes =
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe());
        for (Probe probe : probes) {
            given().port(management.getPort())
                    .get(probe.getHttpGet().getPath())
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
        }
        assertThat(probes).extracting(p -> p.getHttpGet().getPath()).doesNotHaveDuplicates();
    }

    @Test
    void theScrapeAnnotationPointsAtPrometheusMetrics() {
        Map<String, String> annotations =
                manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
        given().port(management.getPort())
                .get(annotations.get("prometheus.io/path"))
                .then()
                .statusCode(200)
                .body(containsString("# TYPE "));
    }

    @Test
    void theApiPortDoesNotServeDiagnostics() {
        // The probes must name the diagnostics port: the same paths are not on the API listener.
        given().get(manifests.container().getLivenessProbe().getHttpGet().getPath())
                .then()
                .statusCode(404);
    }
}
