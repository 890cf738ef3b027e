package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Golden;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ?format=kubernetes} (and {@code k8s}) on every single GET, as Kuma answers it in universal mode (issue 16
 * point 5; {@code golden/k8s/README.md} says where each expected file comes from): the Kubernetes object its
 * inference mapper builds, the same access rules as the universal GET, Kuma's 400 for other values checked after
 * the lookup, and lists that ignore the parameter.
 */
@QuarkusTest
class KubernetesFormatTest {

    private static final Set<String> META =
            Set.of("type", "mesh", "name", "creationTime", "modificationTime", "labels", "kri");
    private static final String FORMAT_REASON = "\"format\" must be one of [\"k8s\", \"kubernetes\", \"universal\"]";

    /** The test classes whose store was emptied (once per class: the subclass on PostgreSQL has its own). */
    private static final Set<Class<?>> EMPTIED = ConcurrentHashMap.newKeySet();

    @Inject
    ResourceStore store;

    /**
     * The same resources before each test, written again rather than emptied each time: a builtin Mesh costs an RSA
     * CA and a signing key, and no test changes them (the heartbeat only adds web-1's insight).
     */
    @BeforeEach
    void seed() {
        if (EMPTIED.add(getClass())) {
            StoreReset.clear(store);
        }
        stored(Meshes.builtin("default").label("team", "a").put());
        stored(Dataplanes.web("default", "web-1")
                .tag("version", "v1")
                .label("app", "web")
                .put());
        stored(Dataplanes.web("default", "quiet").put());
        put(
                "/meshes/default/secrets/s1",
                "{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"s1\",\"data\":\"YQ==\"}");
        put("/global-secrets/g1", "{\"type\":\"GlobalSecret\",\"name\":\"g1\",\"data\":\"Yg==\"}");
    }

    private static void stored(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
    }

    private static void put(String path, String body) {
        stored(given().contentType("application/json").body(body).put(path));
    }

    private static JsonNode get(String path) {
        return Golden.parse(given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .extract()
                .asString());
    }

    private static JsonNode withoutMeta(JsonNode universal) {
        ObjectNode spec = universal.deepCopy();
        spec.remove(META);
        return spec;
    }

    /** The Kubernetes form of {@code path} matches the golden file and agrees with the universal form. */
    private static JsonNode assertGolden(String path, String golden) {
        JsonNode universal = get(path);
        for (String format : List.of("kubernetes", "k8s")) {
            JsonNode k8s = get(path + "?format=" + format);
            Golden.assertMatches("k8s/" + golden, k8s.toString(), "");
            assertThat(k8s.path("metadata").path("creationTimestamp").asText())
                    .as("whole seconds of the universal creationTime")
                    .isEqualTo(Instant.parse(universal.get("creationTime").asText())
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
        }
        assertThat(get(path + "?format=universal")).isEqualTo(universal);
        return universal;
    }

    @Test
    void meshIsAClusterScopedKumaObjectWithItsSpecAndNoLabels() {
        JsonNode universal = assertGolden("/meshes/default", "mesh.golden.json");
        JsonNode k8s = get("/meshes/default?format=kubernetes");
        assertThat(k8s.get("spec")).isEqualTo(withoutMeta(universal));
        // Kuma's inference mapper copies no labels, and a cluster-scoped kind takes no namespace, even when asked.
        assertThat(universal.path("labels").path("team").asText()).isEqualTo("a");
        assertThat(get("/meshes/default?format=kubernetes&namespace=apps").path("metadata"))
                .isEqualTo(k8s.path("metadata"));
        // Kuma's key order: kind, apiVersion, metadata, spec.
        assertThat(keys(k8s)).containsExactly("kind", "apiVersion", "metadata", "spec");
    }

    @Test
    void dataplaneIsNamespacedWithItsMeshAtTopLevel() {
        JsonNode universal = assertGolden("/meshes/default/dataplanes/web-1", "dataplane.golden.json");
        JsonNode k8s = get("/meshes/default/dataplanes/web-1?format=kubernetes");
        assertThat(k8s.get("spec")).isEqualTo(withoutMeta(universal));
        assertThat(keys(k8s)).containsExactly("kind", "apiVersion", "metadata", "mesh", "spec");
        // The namespace parameter replaces the system namespace, as Kuma's mapper lets a caller force it.
        assertThat(get("/meshes/default/dataplanes/web-1?format=kubernetes&namespace=apps")
                        .path("metadata")
                        .path("namespace")
                        .asText())
                .isEqualTo("apps");
    }

    @Test
    void secretsAreKubernetesSecretsForAdminsOnly() {
        assertGolden("/meshes/default/secrets/s1", "secret.golden.json");
        assertGolden("/global-secrets/g1", "global-secret.golden.json");
        for (String path : List.of("/meshes/default/secrets/s1", "/global-secrets/g1")) {
            given().header("Host", "api.example.com")
                    .get(path + "?format=kubernetes")
                    .then()
                    .statusCode(403)
                    .body("title", equalTo("Access Denied"))
                    .body(
                            "detail",
                            equalTo(given().header("Host", "api.example.com")
                                    .get(path)
                                    .then()
                                    .statusCode(403)
                                    .extract()
                                    .path("detail")));
        }
    }

    @Test
    void insightsCarryTheirSpecInKumasField() {
        given().post("/meshes/default/dataplanes/web-1/heartbeat").then().statusCode(204);
        JsonNode universal = get("/meshes/default/dataplane-insights/web-1");
        JsonNode insight = get("/meshes/default/dataplane-insights/web-1?format=kubernetes");
        assertThat(insight.path("kind").asText()).isEqualTo("DataplaneInsight");
        assertThat(insight.path("apiVersion").asText()).isEqualTo("kuma.io/v1alpha1");
        assertThat(insight.path("mesh").asText()).isEqualTo("default");
        assertThat(insight.path("metadata").path("name").asText()).isEqualTo("web-1");
        assertThat(insight.path("metadata").path("namespace").asText()).isEqualTo("kuma-system");
        assertThat(insight.has("spec")).isFalse();
        assertThat(insight.get("status")).isEqualTo(withoutMeta(universal));
        assertThat(insight.path("status").path("subscriptions").size()).isEqualTo(1);

        JsonNode meshUniversal = get("/mesh-insights/default");
        JsonNode meshInsight = get("/mesh-insights/default?format=k8s");
        assertThat(meshInsight.path("kind").asText()).isEqualTo("MeshInsight");
        assertThat(meshInsight.path("metadata").has("namespace")).isFalse();
        assertThat(meshInsight.has("mesh")).isFalse();
        assertThat(meshInsight.path("metadata").path("name").asText()).isEqualTo("default");
        assertThat(meshInsight.get("spec")).isEqualTo(withoutMeta(meshUniversal));
        assertThat(meshInsight.path("spec").path("dataplanes").path("total").asInt())
                .isEqualTo(2);
    }

    @Test
    void overviewHasNoKubernetesFormAndSaysWhichGetsHaveOne() {
        for (String path :
                List.of("/meshes/default/dataplanes/web-1/_overview", "/meshes/default/dataplanes+insights/web-1")) {
            get(path + "?format=universal");
            given().get(path + "?format=kubernetes")
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("/std-errors"))
                    .body("title", equalTo("Could not retrieve a dataplane overview"))
                    .body("invalid_parameters[0].field", equalTo("format"))
                    .body("invalid_parameters[0].reason", containsString("DataplaneOverview has no Kubernetes form"))
                    .body(
                            "invalid_parameters[0].reason",
                            containsString("/meshes/{mesh}/dataplanes/{name}?format=kubernetes"));
            given().get(path + "?format=yaml")
                    .then()
                    .statusCode(400)
                    .body("invalid_parameters[0].reason", equalTo(FORMAT_REASON));
        }
    }

    @Test
    void otherValuesAreKumasBadRequestAfterTheLookup() {
        for (String path : List.of(
                "/meshes/default",
                "/meshes/default/dataplanes/web-1",
                "/meshes/default/secrets/s1",
                "/global-secrets/g1",
                "/mesh-insights/default")) {
            for (String format : List.of("yaml", "K8S", "json")) {
                given().get(path + "?format=" + format)
                        .then()
                        .statusCode(400)
                        .body("type", equalTo("/std-errors"))
                        .body("title", equalTo("Could not retrieve a resource"))
                        .body("detail", equalTo("Resource is not valid"))
                        .body("invalid_parameters[0].field", equalTo(""))
                        .body("invalid_parameters[0].reason", equalTo(FORMAT_REASON));
            }
        }
        // Kuma formats the resource it found: a missing one is a 404 whatever the format.
        for (String path : List.of(
                "/meshes/nope", "/meshes/default/dataplanes/nope", "/global-secrets/nope", "/mesh-insights/nope")) {
            given().get(path + "?format=yaml").then().statusCode(404).body("detail", equalTo("Not found"));
        }
        given().get("/meshes/nope/dataplanes/web-1?format=yaml")
                .then()
                .statusCode(404)
                .body("title", equalTo("Failed to retrieve Mesh"));
        // and a Dataplane without an insight has no insight to format
        given().get("/meshes/default/dataplane-insights/quiet?format=yaml")
                .then()
                .statusCode(404);
    }

    @Test
    void listsIgnoreTheFormatAsKumaDoes() {
        for (String list : List.of("/meshes", "/meshes/default/dataplanes", "/dataplanes", "/global-secrets")) {
            JsonNode universal = get(list);
            assertThat(universal.path("total").asInt()).as(list).isPositive();
            for (String format : List.of("kubernetes", "k8s", "yaml")) {
                assertThat(get(list + "?format=" + format).path("items"))
                        .as(list)
                        .isEqualTo(universal.path("items"));
            }
        }
    }

    @Test
    void kriAnswersTheKubernetesFormOfWhatItNames() {
        assertThat(get("/_kri/kri_dp_default___web-1_?format=kubernetes"))
                .isEqualTo(get("/meshes/default/dataplanes/web-1?format=kubernetes"));
        assertThat(get("/_kri/kri_m____default_?format=k8s")).isEqualTo(get("/meshes/default?format=k8s"));
        given().get("/_kri/kri_dp_default___web-1_?format=yaml")
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not format a resource"))
                .body("invalid_parameters[0].reason", equalTo(FORMAT_REASON));
        given().get("/_kri/kri_dp_default___nope_?format=yaml")
                .then()
                .statusCode(404)
                .body("title", equalTo("Could not retrieve a resource"));
    }

    /**
     * For random valid Meshes and Dataplanes (accepted by the API), the Kubernetes form's spec is the universal
     * form's spec and {@code metadata.name} the name; the kind is the type. jqwik generates the resources; the seed is
     * printed and can be fixed with {@code -Dk8s.seed=}.
     */
    @Test
    void kubernetesSpecIsTheUniversalSpecForRandomValidResources() {
        long seed = Long.getLong("k8s.seed", new Random().nextLong());
        System.out.println("kubernetes form property: -Dk8s.seed=" + seed);
        Random random = new Random(seed);
        JqwikSession.start(String.valueOf(seed));
        try {
            RandomGenerator<String> meshes = meshes().generator(100);
            RandomGenerator<String> dataplanes = dataplanes().generator(100);
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String mesh = meshes.next(random).value().formatted("m-" + i);
                put("/meshes/m-" + i, mesh);
                paths.add("/meshes/m-" + i);
                String dp = dataplanes.next(random).value().formatted("m-" + i, "dp-" + i);
                put("/meshes/m-" + i + "/dataplanes/dp-" + i, dp);
                paths.add("/meshes/m-" + i + "/dataplanes/dp-" + i);
            }
            paths.add("/meshes/default/dataplanes/web-1");
            for (String path : paths) {
                JsonNode universal = get(path);
                JsonNode k8s = get(path + "?format=kubernetes");
                assertThat(k8s.get("spec")).as("seed %s, %s", seed, path).isEqualTo(withoutMeta(universal));
                assertThat(k8s.path("metadata").path("name").asText())
                        .isEqualTo(universal.path("name").asText());
                assertThat(k8s.path("kind").asText())
                        .isEqualTo(universal.path("type").asText());
                assertThat(k8s.path("mesh").asText(""))
                        .isEqualTo(universal.path("mesh").asText(""));
            }
        } finally {
            JqwikSession.finish();
            for (int i = 0; i < 10; i++) {
                given().delete("/meshes/m-" + i + "/dataplanes/dp-" + i);
                given().delete("/meshes/m-" + i);
            }
        }
    }

    private static Arbitrary<String> label() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    }

    /** Mesh bodies with {@code %s} for the name: none, one or two builtin backends, labels, maybe enabled. */
    static Arbitrary<String> meshes() {
        Arbitrary<String> labels = Combinators.combine(label(), label())
                .as((k, v) -> "\"" + k + "\":\"" + v + "\"")
                .list()
                .ofMaxSize(3)
                .uniqueElements()
                .map(l -> ",\"labels\":{" + String.join(",", l) + "}");
        Arbitrary<String> backend = Combinators.combine(
                        Arbitraries.of("1d", "12h", "30m"), Arbitraries.of(2048), Arbitraries.of("1y", "10y"))
                .as((dp, bits, ca) -> "\"type\":\"builtin\",\"dpCert\":{\"rotation\":{\"expiration\":\"" + dp
                        + "\"}},\"conf\":{\"caCert\":{\"RSAbits\":" + bits + ",\"expiration\":\"" + ca + "\"}}");
        Arbitrary<String> mtls = Arbitraries.oneOf(
                Arbitraries.just(""),
                Combinators.combine(backend, Arbitraries.of(true, false))
                        .as((b, enabled) -> ",\"mtls\":{" + (enabled ? "\"enabledBackend\":\"ca-1\"," : "")
                                + "\"backends\":[{\"name\":\"ca-1\"," + b + "}]}"));
        Arbitrary<String> skip = Arbitraries.of("", ",\"skipCreatingInitialPolicies\":[\"*\"]");
        return Combinators.combine(labels.injectNull(0.3), mtls, skip)
                .as((l, m, k) -> "{\"type\":\"Mesh\",\"name\":\"%1$s\"" + (l == null ? "" : l) + m + k + "}");
    }

    /** Dataplane bodies with {@code %1$s} for the mesh and {@code %2$s} for the name: inbounds with tags, or a gateway. */
    static Arbitrary<String> dataplanes() {
        Arbitrary<String> address = Combinators.combine(
                        Arbitraries.integers().between(1, 254),
                        Arbitraries.integers().between(1, 254))
                .as((a, b) -> "10.0." + a + "." + b);
        Arbitrary<String> tags = Combinators.combine(label(), label().list().ofMaxSize(2))
                .as((service, extra) -> {
                    StringBuilder t = new StringBuilder("\"kuma.io/service\":\"" + service + "\"");
                    for (int i = 0; i < extra.size(); i++) {
                        t.append(",\"t")
                                .append(i)
                                .append("\":\"")
                                .append(extra.get(i))
                                .append('"');
                    }
                    return "{" + t + "}";
                });
        Arbitrary<String> inbound = Combinators.combine(
                        Arbitraries.integers().between(1, 65535),
                        Arbitraries.integers().between(1, 65535),
                        tags)
                .as((port, servicePort, t) ->
                        "{\"port\":" + port + ",\"servicePort\":" + servicePort + ",\"tags\":" + t + "}");
        Arbitrary<String> networking = Arbitraries.oneOf(
                Combinators.combine(address, inbound.list().ofMinSize(1).ofMaxSize(3))
                        .as((a, in) -> "{\"address\":\"" + a + "\",\"inbound\":[" + String.join(",", in) + "]}"),
                Combinators.combine(address, label())
                        .as((a, s) -> "{\"address\":\"" + a + "\",\"gateway\":{\"tags\":{\"kuma.io/service\":\"" + s
                                + "\"}}}"));
        return networking.map(
                n -> "{\"type\":\"Dataplane\",\"mesh\":\"%1$s\",\"name\":\"%2$s\",\"networking\":" + n + "}");
    }

    private static List<String> keys(JsonNode json) {
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
