package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect dataplanes} against kumactl's goldens (docs/kuma-ca-insights.md §10, §11.14 #84-86), the overview served by a
 * stub in two pages to prove {@code next} is followed.
 */
class InspectDataplanesCommandTest {

    static final Instant NOW = Instant.parse("2019-07-17T18:08:41Z");
    static final String OVERVIEW = "/meshes/default/dataplanes/_overview";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    StubControlPlane stub;
    Main.Context context;

    @BeforeEach
    void serveGoldenInTwoPages() throws Exception {
        stub = new StubControlPlane(false);
        context = new Main.Context(
                InstantSource.fixed(NOW),
                Cli.controlPlane(dir.resolve("config"), InstantSource.fixed(NOW), stub.url())
                        .configFile(),
                ZoneOffset.UTC);
        JsonNode golden = JSON.readTree(golden("inspect-dataplanes.golden.json"));
        ArrayNode items = (ArrayNode) golden.get("items");
        stub.pages.put(OVERVIEW, page(items, 0, 2, "{{url}}" + OVERVIEW + "?offset=2&size=2"));
        stub.pages.put(OVERVIEW + "?offset=2&size=2", page(items, 2, 4, null));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static String page(ArrayNode items, int from, int to, String next) {
        ObjectNode page = JSON.createObjectNode();
        page.put("total", items.size());
        ArrayNode pageItems = page.putArray("items");
        for (int i = from; i < to; i++) {
            pageItems.add(items.get(i));
        }
        page.put("next", next);
        return page.toString();
    }

    static String golden(String name) {
        try (var in = InspectDataplanesCommandTest.class.getResourceAsStream("/golden/kumactl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    @Test
    void tableMatchesKumactlGoldenAcrossPages() {
        var r = Cli.run(context, "inspect", "dataplanes");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(golden("inspect-dataplanes.golden.txt"));
        assertThat(stub.targets).containsExactly(OVERVIEW, OVERVIEW + "?offset=2&size=2");
    }

    @Test
    void jsonMatchesKumactlGolden() {
        var r = Cli.run(context, "inspect", "dataplanes", "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(golden("inspect-dataplanes.golden.json"));
    }

    @Test
    void yamlMatchesKumactlGolden() {
        var r = Cli.run(context, "inspect", "dataplanes", "--output=yaml");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(golden("inspect-dataplanes.golden.yaml"));
    }

    @Test
    void meshTagsAndGatewayArePassedToTheServer() {
        stub.pages.put(
                "/meshes/demo/dataplanes/_overview?gateway=true&tag=kuma.io%2Fservice%3Amobile&tag=version%3Av1",
                "{\"total\":0,\"items\":[],\"next\":null}");
        var r = Cli.run(
                context,
                "inspect",
                "dataplanes",
                "-m",
                "demo",
                "--tag",
                "kuma.io/service=mobile",
                "--tag",
                "version=v1",
                "--gateway");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("MESH   NAME   TAGS   STATUS   ").endsWith("NOTES\n");
    }

    @Test
    void ingressIsPassedToTheServerLikeKumactl() {
        stub.pages.put(
                "/meshes/default/dataplanes/_overview?gateway=true&ingress=true",
                "{\"total\":0,\"items\":[],\"next\":null}");
        stub.pages.put(
                "/meshes/default/dataplanes/_overview?ingress=true&tag=version%3Av1",
                "{\"total\":0,\"items\":[],\"next\":null}");
        assertThat(Cli.run(context, "inspect", "dataplanes", "--ingress", "--gateway")
                        .exitCode())
                .isZero();
        assertThat(Cli.run(context, "inspect", "dataplanes", "--tag", "version=v1", "--ingress")
                        .exitCode())
                .isZero();
        assertThat(stub.targets)
                .containsExactly(
                        "/meshes/default/dataplanes/_overview?gateway=true&ingress=true",
                        "/meshes/default/dataplanes/_overview?ingress=true&tag=version%3Av1");
    }

    @Test
    void serverErrorsAreOneLine() {
        var r = Cli.run(context, "inspect", "dataplanes", "--mesh", "missing");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: failed to list Dataplanes: (404): Could not retrieve a resource: Not found\n");
    }

    @Test
    void durationsAsKumactl() {
        assertThat(Output.duration(Duration.ofSeconds(-2))).isEqualTo("never");
        assertThat(Output.duration(Duration.ofMillis(-1500))).isEqualTo("0s");
        assertThat(Output.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(Output.duration(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Output.duration(Duration.ofMillis(59_999))).isEqualTo("59s");
        assertThat(Output.duration(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(Output.duration(Duration.ofMillis(3_599_999))).isEqualTo("59m");
        assertThat(Output.duration(Duration.ofMillis(3 * 3_600_000 - 1))).isEqualTo("2h");
        assertThat(Output.duration(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(Output.duration(Duration.ofDays(365))).isEqualTo("1y");
        assertThat(Output.duration(Duration.ofDays(3650))).isEqualTo("10y");
    }

    @Test
    void unknownOutputFormatIsAUserError() {
        var r = Cli.run(context, "inspect", "dataplanes", "-o", "xml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: ").contains("xml").hasLineCount(1);
        assertThat(stub.targets).isEmpty();
    }

    @Test
    void nextOnAnotherHostIsFollowedOnTheConfiguredControlPlane() {
        assertThat(ApiClient.nextPath(
                        "http://localhost:5681",
                        "http://cp.internal:5681/meshes/m/dataplanes/_overview?offset=2&size=2"))
                .isEqualTo("/meshes/m/dataplanes/_overview?offset=2&size=2");
    }

    @Test
    void nextUnderTheServersBasePathLosesItWhenTheAddressCarriesIt() {
        // KUMA_API_SERVER_BASE_PATH=/kuma: the server's links hold /kuma, and every request adds the address's /kuma
        String next = "http://cp.internal:5681/kuma/meshes/m/dataplanes/_overview?offset=2&size=2";
        assertThat(ApiClient.nextPath("http://cp:5681/kuma", next))
                .isEqualTo("/meshes/m/dataplanes/_overview?offset=2&size=2");
        // a segment that only starts like the base path is not it
        assertThat(ApiClient.nextPath("http://cp:5681/kuma", "http://cp:5681/kumax/meshes?offset=1"))
                .isEqualTo("/kumax/meshes?offset=1");
        // an address without a path keeps the link's whole path
        assertThat(ApiClient.nextPath("http://cp:5681", next))
                .isEqualTo("/kuma/meshes/m/dataplanes/_overview?offset=2&size=2");
    }

    private static String statusOf(String dataplane, String subscriptions, List<String> notes) throws Exception {
        return InspectDataplanesCommand.status(JSON.readTree(dataplane), JSON.readTree(subscriptions), notes);
    }

    @Test
    void statusRule() throws Exception {
        String connected = "[{\"connectTime\":\"2019-07-17T16:05:36Z\"}]";
        String disconnected =
                "[{\"connectTime\":\"2019-07-17T16:05:36Z\",\"disconnectTime\":\"2019-07-17T17:00:00Z\"}]";
        var notes = new ArrayList<String>();
        String gateway = "{\"networking\":{\"gateway\":{\"tags\":{\"kuma.io/service\":\"gw\"}}}}";
        assertThat(statusOf(gateway, connected, notes)).isEqualTo("Online");
        assertThat(statusOf(gateway, disconnected, notes)).isEqualTo("Offline");
        assertThat(notes).isEmpty();
        String inbounds = "{\"networking\":{\"inbound\":[{\"port\":1,\"tags\":{\"kuma.io/service\":\"a\"}},"
                + "{\"port\":2,\"state\":\"NotReady\",\"tags\":{\"kuma.io/service\":\"b\"}},"
                + "{\"port\":3,\"state\":\"Ignored\"},{\"port\":4,\"health\":{\"ready\":true}}]}}";
        assertThat(statusOf(inbounds, connected, notes)).isEqualTo("Partially degraded");
        assertThat(notes).containsExactly("inbound[port=2,svc=b] is not ready");
        notes.clear();
        assertThat(statusOf(inbounds, disconnected, notes)).isEqualTo("Offline");
        assertThat(InspectDataplanesCommand.tagSet(JSON.readTree(gateway))).isEqualTo("kuma.io/service=gw");
    }
}
