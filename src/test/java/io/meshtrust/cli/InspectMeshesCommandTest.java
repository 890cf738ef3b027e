package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect meshes}: meshes over two pages, each with its certificate insights, as a table or JSON. */
class InspectMeshesCommandTest {

    @TempDir
    Path dir;

    StubControlPlane stub;
    Main.Context context;

    @BeforeEach
    void serve() throws Exception {
        stub = new StubControlPlane(false);
        var clock = InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z"));
        context = new Main.Context(
                clock,
                Cli.controlPlane(dir.resolve("config"), clock, stub.url()).configFile(),
                ZoneOffset.UTC);
        stub.pages.put("/meshes", """
                {"total":2,"items":[{"type":"Mesh","name":"default","mtls":{"enabledBackend":"ca-1",
                 "backends":[{"name":"ca-1","type":"builtin"}]}}],"next":"{{url}}/meshes?offset=1"}""");
        stub.pages.put("/meshes?offset=1", """
                {"total":2,"items":[{"type":"Mesh","name":"plain"}],"next":null}""");
        stub.pages.put("/meshes/default/certificate-insights", """
                {"type":"CertificateInsights","mesh":"default","creationTime":"2026-11-23T12:00:00Z",
                 "dataplanes":{"total":8,"valid":3,"renewDue":1,"overdue":1,"expired":2,"none":1},
                 "expiringWithin":{"1h":0,"24h":1,"7d":1},"backends":{},"soonest":[],
                 "certificateAuthorities":[{"mesh":"default","backend":"ca-1","type":"builtin",
                 "notAfter":"2036-11-21T08:28:22Z"}]}""");
        stub.pages.put("/meshes/plain/certificate-insights", """
                {"type":"CertificateInsights","mesh":"plain","creationTime":"2026-11-23T12:00:00Z",
                 "dataplanes":{"total":2,"valid":0,"renewDue":0,"overdue":0,"expired":0,"none":2},
                 "expiringWithin":{"1h":0,"24h":0,"7d":0},"backends":{},"soonest":[],
                 "certificateAuthorities":[]}""");
    }

    void rotations() {
        stub.pages.put("/ca-rotation", """
                {"total":2,"items":[{"type":"CaRotation","mesh":"default","mtlsEnabled":true,
                 "phase":"trust-propagating","enabledBackend":"ca-1","targetBackend":"ca-2",
                 "dataplanes":{"withCertificate":{"total":7,"online":6,"offline":1}},
                 "laggards":{"blocking":2,"lacksRoot":2,"oldIssuer":0,"staleRoot":0,"offline":1}}],
                 "next":"{{url}}/ca-rotation?offset=1"}""");
        stub.pages.put("/ca-rotation?offset=1", """
                {"total":2,"items":[{"type":"CaRotation","mesh":"plain","mtlsEnabled":false,"phase":"stable"}],
                 "next":null}""");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void tableShowsEveryMeshWithItsCertificateStateAndRotation() {
        rotations();
        var r = Cli.run(context, "inspect", "meshes");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                MESH      CA BACKEND   CA NOT AFTER          DATAPLANES   VALID   RENEW-DUE   OVERDUE   EXPIRED   NONE   ROTATION            PROGRESS
                default   ca-1         2036-11-21 08:28:22   8            3       1           1         2         1      trust-propagating   2/6 lack root (1 offline)
                plain     -            -                     2            0       0           0         0         2      -                   -
                """);
        assertThat(stub.targets)
                .containsExactly(
                        "/meshes",
                        "/meshes?offset=1",
                        "/ca-rotation",
                        "/ca-rotation?offset=1",
                        "/meshes/default/certificate-insights",
                        "/meshes/plain/certificate-insights");
        var json = Cli.run(context, "inspect", "meshes", "-o", "json");
        assertThat(json.out()).contains("\"caRotation\"").contains("\"phase\": \"trust-propagating\"");
    }

    @Test
    void rotationColumnsForEachPhaseAndAControlPlaneWithoutThem() {
        assertThat(InspectMeshesCommand.rotation(read("""
                        {"mtlsEnabled":true,"phase":"re-issuing","dataplanes":{"withCertificate":{"online":5}},
                         "laggards":{"oldIssuer":3,"staleRoot":1}}""")))
                .containsExactly("re-issuing", "3/5 old issuer, 1/5 stale root");
        assertThat(InspectMeshesCommand.rotation(read("""
                        {"mtlsEnabled":true,"phase":"ready-to-switch","targetBackend":"ca-2"}"""))).containsExactly("ready-to-switch", "switch to ca-2");
        assertThat(InspectMeshesCommand.rotation(read("""
                        {"mtlsEnabled":true,"phase":"ready-to-retire","retiringBackends":["ca-1"],
                         "laggards":{"offline":2}}""")))
                .containsExactly("ready-to-retire", "retire ca-1 (2 offline)");
        assertThat(InspectMeshesCommand.rotation(read("""
                        {"mtlsEnabled":true,"phase":"stable","laggards":{"offline":2}}"""))).containsExactly("stable", "-");
        // Kuma has no /ca-rotation: the columns say so and nothing fails
        var r = Cli.run(context, "inspect", "meshes");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().skip(1).map(l -> {
                    String[] cells = l.trim().split("\\s+");
                    return cells[cells.length - 2] + " " + cells[cells.length - 1];
                }))
                .containsExactly("- -", "- -");
        assertThat(stub.targets).contains("/ca-rotation");
    }

    static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void jsonListsTheInsights() throws Exception {
        var r = Cli.run(context, "inspect", "meshes", "-o", "json");
        assertThat(r.exitCode()).isZero();
        var list = new ObjectMapper().readTree(r.out());
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("items").get(1).get("mesh").asText()).isEqualTo("plain");
        assertThat(r.out())
                .startsWith("{\n  \"total\": 2,\n  \"items\": [\n    {\n      \"type\": \"CertificateInsights\",");
    }

    @Test
    void yamlListsTheInsights() {
        var r = Cli.run(context, "inspect", "meshes", "-o", "yaml");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith("items:\n- backends: {}\n  certificateAuthorities:\n  - backend: ca-1\n")
                .contains("  creationTime: \"2026-11-23T12:00:00Z\"\n")
                .contains("    1h: 0\n")
                .endsWith("next: null\ntotal: 2\n");
    }
}
