package io.meshtrust.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.testsupport.Csrs;
import io.meshtrust.testsupport.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint that reads outside input, fed with jqwik-generated mutations of valid requests (issue 13 point 8).
 * Each response must be below 500, come within {@link #TIMEOUT_MS} (else: a hang), and when it is a 4xx carry Kuma's
 * error body ({@code type} {@code /std-errors}, {@code status} equal to the HTTP status, a title and a detail) without
 * Java class names or stack frames; after a rejected write the resource is absent, or unchanged when it existed. Each
 * generator's unmutated base is checked to be accepted, so the suite can fail both ways.
 *
 * <p>Cases per test: {@code -Dfuzz.tries} (default 200); CSR minting, which signs with RSA, runs a quarter of that.
 * The seed is printed and can be fixed with {@code -Dfuzz.seed=} to replay a failure.
 */
@QuarkusTest
class HttpFuzzTest {

    static final int TRIES = Integer.getInteger("fuzz.tries", 200);
    static final int TIMEOUT_MS = 10_000;
    static final String MESH = "fz";
    private static final Pattern LEAK = Pattern.compile(
            "(\\bat [a-z]+\\.[\\w.$]+\\(|\\b(java|javax|jakarta|io\\.meshtrust|io\\.vertx|io\\.quarkus|org\\.bouncycastle"
                    + "|com\\.fasterxml|org\\.hibernate)\\.[a-z]+\\.|Exception\\b|\\bCaused by\\b)");
    private static final RestAssuredConfig TIMEOUTS = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", TIMEOUT_MS)
                    .setParam("http.socket.timeout", TIMEOUT_MS));

    private final AtomicInteger counter = new AtomicInteger();

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    @BeforeEach
    void meshAndSigningKeysExist() {
        put("/meshes/" + MESH, "{\"type\":\"Mesh\",\"name\":\"" + MESH + "\"}");
        // other test classes empty the store; the keys are normally created at startup
        for (SigningKeyFamily family : List.of(SigningKeyFamily.USER, SigningKeyFamily.ZONE)) {
            OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(family, ""));
        }
    }

    // ---- resource writes -------------------------------------------------------------------------------------------

    record Target(String collection, String base) {
        String path(String name) {
            return collection + name;
        }
    }

    static List<Target> targets() {
        return List.of(
                new Target(
                        "/meshes/",
                        "{\"type\":\"Mesh\",\"name\":\"%s\",\"labels\":{\"team\":\"a\"},\"mtls\":{"
                                + "\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\",\"dpCert\":{\"rotation\":{\"expiration\":"
                                + "\"1d\"}},\"conf\":{\"caCert\":{\"RSAbits\":2048,\"expiration\":\"10y\"}}}]}}"),
                new Target(
                        "/meshes/" + MESH + "/secrets/",
                        "{\"type\":\"Secret\",\"mesh\":\"" + MESH
                                + "\",\"name\":\"%s\",\"data\":\"YQ==\",\"labels\":{\"x\":\"y\"}}"),
                new Target("/global-secrets/", "{\"type\":\"GlobalSecret\",\"name\":\"%s\",\"data\":\"YQ==\"}"),
                new Target(
                        "/meshes/" + MESH + "/dataplanes/",
                        "{\"type\":\"Dataplane\",\"mesh\":\"" + MESH
                                + "\",\"name\":\"%s\",\"networking\":{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":8080,"
                                + "\"servicePort\":8081,\"tags\":{\"kuma.io/service\":\"web\",\"version\":\"v1\"}}]}}"));
    }

    @Test
    void mutatedResourceBodiesGetA4xxAndWriteNothing() {
        for (Target target : targets()) {
            String name = fresh("w");
            String base = target.base().formatted(name);
            expectAccepted(put(target.path(name), base), "base " + base);
            delete(target.path(name));
            run("PUT " + target.collection(), JsonMutations.of(base), TRIES / 4, body -> {
                Response r = put(target.path(name), body);
                if (r.statusCode() < 300) {
                    delete(target.path(name));
                } else {
                    given().config(TIMEOUTS).get(target.path(name)).then().statusCode(404);
                }
                return r;
            });
        }
    }

    /** A rejected update leaves the stored version as it was. */
    @Test
    void mutatedUpdatesLeaveThePreviousVersion() {
        for (Target target : targets()) {
            String name = fresh("u");
            String base = target.base().formatted(name);
            expectAccepted(put(target.path(name), base), "base " + base);
            String before =
                    canonical(given().config(TIMEOUTS).get(target.path(name)).asString());
            run("PUT (update) " + target.collection(), JsonMutations.of(base), TRIES / 4, body -> {
                Response r = put(target.path(name), body);
                if (r.statusCode() < 300) {
                    put(target.path(name), base);
                } else {
                    assertThat(canonical(given().config(TIMEOUTS)
                                    .get(target.path(name))
                                    .asString()))
                            .isEqualTo(before);
                }
                return r;
            });
            delete(target.path(name));
        }
    }

    @Test
    void malformedBodiesGetA400AndWriteNothing() {
        for (Target target : targets()) {
            String name = fresh("x");
            run(
                    "PUT (malformed) " + target.collection(),
                    JsonMutations.malformed(target.base().formatted(name)),
                    TRIES / 4,
                    body -> {
                        Response r = put(target.path(name), body);
                        given().config(TIMEOUTS)
                                .get(target.path(name))
                                .then()
                                .statusCode(r.statusCode() < 300 ? 200 : 404);
                        delete(target.path(name));
                        return r;
                    });
        }
    }

    @Test
    void parserLimitsGetA400() {
        for (Target target : targets()) {
            String name = fresh("l");
            run(
                    "PUT (parser limits) " + target.collection(),
                    JsonMutations.parserLimits(target.base().formatted(name)),
                    TRIES / 10,
                    body -> {
                        Response r = put(target.path(name), body);
                        given().config(TIMEOUTS)
                                .get(target.path(name))
                                .then()
                                .statusCode(r.statusCode() < 300 ? 200 : 404);
                        delete(target.path(name));
                        return r;
                    });
        }
    }

    // ---- provided CA and CSR minting -------------------------------------------------------------------------------

    @Test
    void providedCaWithMutatedPemInItsSecretIsRejectedCleanly() {
        String mesh = fresh("pca");
        put("/meshes/" + mesh, "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\"}");
        String key = Fixtures.text("/pem/kuma-ca.key");
        String cert = Fixtures.text("/pem/kuma-ca.pem");
        expectAccepted(providedCa(mesh, "cert-base", cert, key), "Kuma's provided CA fixture");
        put("/meshes/" + mesh, "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\"}");
        Arbitrary<String[]> pair = Combinators.combine(
                        Arbitraries.oneOf(
                                Mutations.mutatedText(cert),
                                Arbitraries.of(Fixtures.PEM_FILES).map(Fixtures::text)),
                        Arbitraries.oneOf(Arbitraries.just(key), Mutations.mutatedText(key)))
                .as((c, k) -> new String[] {c, k});
        run("provided CA", pair.map(p -> p[0] + "\u0000" + p[1]), TRIES / 4, input -> {
            String[] p = input.split("\u0000", 2);
            Response r = providedCa(mesh, fresh("cert"), p[0], p[1]);
            if (r.statusCode() < 300) {
                put("/meshes/" + mesh, "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\"}");
            } else {
                assertThat(Golden.parse(given().config(TIMEOUTS)
                                        .get("/meshes/" + mesh)
                                        .asString())
                                .has("mtls"))
                        .isFalse();
            }
            return r;
        });
    }

    private Response providedCa(String mesh, String secret, String cert, String key) {
        expectAccepted(
                put(
                        "/meshes/" + mesh + "/secrets/" + secret,
                        "{\"type\":\"Secret\",\"mesh\":\"" + mesh + "\",\"name\":\"" + secret + "\",\"data\":\""
                                + base64(cert) + "\"}"),
                "secret " + secret);
        return put(
                "/meshes/" + mesh,
                "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\",\"mtls\":{\"enabledBackend\":\"ca-1\","
                        + "\"backends\":[{\"name\":\"ca-1\",\"type\":\"provided\",\"conf\":{\"cert\":{\"secret\":\""
                        + secret
                        + "\"},\"key\":{\"inline\":\"" + base64(key) + "\"}}}]}}");
    }

    @Test
    void mutatedCsrsGetA4xx() {
        String mesh = "fz-ca";
        expectAccepted(
                put(
                        "/meshes/" + mesh,
                        "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\",\"mtls\":{\"enabledBackend\":"
                                + "\"ca-1\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}]}}"),
                "builtin mesh");
        put(
                "/meshes/" + mesh + "/dataplanes/web-1",
                targets().get(3).base().replace(MESH, mesh).formatted("web-1"));
        String ec = Csrs.pem(Csrs.ec("secp256r1"));
        String rsa = Csrs.pem(Csrs.rsa(2048));
        expectAccepted(mint(mesh, "{\"csr\":" + json(ec) + "}"), "EC CSR");
        Arbitrary<String> csr = Arbitraries.oneOf(
                Mutations.mutatedText(ec),
                Mutations.mutatedText(rsa),
                Arbitraries.of(Fixtures.PEM_FILES).map(Fixtures::text),
                Mutations.hostileString());
        Arbitrary<String> body = Arbitraries.oneOf(
                csr.map(c -> "{\"csr\":" + json(c) + "}"),
                JsonMutations.of("{\"csr\":" + json(ec) + "}"),
                Mutations.hostileString().map(k -> "{\"keyType\":" + json(k) + "}"));
        run("CSR minting", body, Math.max(1, TRIES / 4), b -> mint(mesh, b));
    }

    private static Response mint(String mesh, String body) {
        return given().config(TIMEOUTS)
                .header("Content-Type", "application/json")
                .body(body)
                .post("/meshes/" + mesh + "/dataplanes/web-1/certificate");
    }

    // ---- CA rotation -----------------------------------------------------------------------------------------------

    /**
     * Random sequences of backend changes (add, remove, reorder, switch, disable, unknown names, {@code ?force} in any
     * spelling) with a dataplane minting in between: each PUT is applied whole or refused whole with Kuma's body, and
     * every minted bundle holds exactly one root per listed backend, issued by the enabled one.
     */
    @Test
    void randomBackendChangesAreAppliedWholeOrRefusedWhole() {
        String mesh = fresh("rot");
        put("/meshes/" + mesh, "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\"}");
        put(
                "/meshes/" + mesh + "/dataplanes/web-1",
                targets().get(3).base().replace(MESH, mesh).formatted("web-1"));
        Arbitrary<String> backends = Arbitraries.of("r1", "r2", "r3")
                .list()
                .ofMaxSize(3)
                .uniqueElements()
                .map(names -> String.join(",", names));
        Arbitrary<String> step = Combinators.combine(
                        backends,
                        Arbitraries.of("r1", "r2", "r3", "", "nope"),
                        Arbitraries.of("", "?force=true", "?force=false", "?force=TRUE", "?force=", "?force=%00"))
                .as((b, e, f) -> b + "|" + e + "|" + f);
        run("backend changes", step, Math.max(1, TRIES / 8), input -> {
            String[] part = input.split("\\|", -1);
            List<String> names = part[0].isEmpty() ? List.of() : List.of(part[0].split(","));
            StringBuilder list = new StringBuilder();
            for (String n : names) {
                list.append(list.length() == 0 ? "" : ",")
                        .append("{\"name\":\"")
                        .append(n)
                        .append("\",\"type\":\"builtin\",\"dpCert\":{\"rotation\":{\"expiration\":\"1h\"}}}");
            }
            String enabled = part[1].isEmpty() ? "" : ",\"enabledBackend\":\"" + part[1] + "\"";
            String body = "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\",\"mtls\":{\"backends\":[" + list + "]" + enabled
                    + "}}";
            JsonNode before =
                    Golden.parse(given().config(TIMEOUTS).get("/meshes/" + mesh).asString());
            Response r = json().urlEncodingEnabled(false).body(body).put("/meshes/" + mesh + part[2]);
            checkResponse(r);
            JsonNode after =
                    Golden.parse(given().config(TIMEOUTS).get("/meshes/" + mesh).asString());
            if (r.statusCode() >= 300) {
                assertThat(after.path("mtls")).as("refused whole").isEqualTo(before.path("mtls"));
                return r;
            }
            assertThat(after.path("mtls").path("backends").size()).isEqualTo(names.size());
            Response minted = mint(mesh, "{\"keyType\":\"ecdsa-p256\"}");
            checkResponse(minted);
            if (part[1].isEmpty()) {
                assertThat(minted.statusCode()).as("mTLS off").isEqualTo(400);
            } else {
                assertThat(minted.statusCode()).as(minted.asString()).isEqualTo(200);
                assertThat(minted.jsonPath().getString("backend")).isEqualTo(part[1]);
                assertThat(minted.jsonPath().getString("caBundle").split("BEGIN CERTIFICATE", -1).length - 1)
                        .as("one root per listed backend")
                        .isEqualTo(names.size());
            }
            return minted;
        });
    }

    // ---- tokens ----------------------------------------------------------------------------------------------------

    @Test
    void mutatedTokenRequestsGetA4xx() {
        Arbitrary<String> validFor = Arbitraries.oneOf(
                Mutations.hostileString(),
                Arbitraries.of("1h", "24h0m0s", "1.5h", "-1h", "0", "1d", "9223372036854775807ns", "2562048h", "1e3s"));
        Map<String, String> bases = Map.of(
                "/tokens/user", "{\"name\":\"john.doe@example.com\",\"groups\":[\"team-a\"],\"validFor\":\"%s\"}",
                "/tokens/dataplane",
                        "{\"mesh\":\"" + MESH + "\",\"name\":\"web-1\",\"tags\":{\"kuma.io/service\":[\"web\"]},"
                                + "\"type\":\"dataplane\",\"validFor\":\"%s\"}",
                "/tokens/zone", "{\"zone\":\"zone-1\",\"scope\":[\"egress\"],\"validFor\":\"%s\"}");
        bases.forEach((path, base) -> {
            expectAccepted(post(path, base.formatted("1h")), "base " + path);
            Arbitrary<String> body = Arbitraries.oneOf(
                    validFor.map(v -> base.formatted(v.replace("\\", "\\\\").replace("\"", "\\\""))),
                    JsonMutations.of(base.formatted("1h")));
            runAllowingEmpty400("POST " + path, body, TRIES / 3, b -> post(path, b));
        });
    }

    @Test
    void mutatedBearerTokensGet401() {
        String token = post(
                        "/tokens/user",
                        "{\"name\":\"fuzz@example.com\",\"groups\":[\"mesh-system:admin\"]," + "\"validFor\":\"1h\"}")
                .asString();
        given().config(TIMEOUTS)
                .header("Host", "api.example.com")
                .header("Authorization", "Bearer " + token)
                .get("/meshes")
                .then()
                .statusCode(200);
        Arbitrary<String> header = Arbitraries.oneOf(
                Mutations.mutatedText(token).map(t -> "Bearer " + t),
                Mutations.hostileString().map(t -> "Bearer " + t),
                Mutations.mutatedText("Bearer " + token));
        run(
                "Authorization",
                header.filter(h -> !h.equals("Bearer " + token) && h.chars().allMatch(c -> c >= 0x20 && c < 0x7f)),
                TRIES / 2,
                h -> given().config(TIMEOUTS)
                        .header("Host", "api.example.com")
                        .header("Authorization", h)
                        .get("/meshes"));
    }

    // ---- lists and KRIs --------------------------------------------------------------------------------------------

    static final List<String> LISTS = List.of(
            "/meshes",
            "/meshes/" + MESH + "/secrets",
            "/global-secrets",
            "/meshes/" + MESH + "/dataplanes",
            "/meshes/" + MESH + "/dataplanes/_overview",
            "/dataplanes/_overview",
            "/dataplanes+insights",
            "/meshes/" + MESH + "/dataplane-insights",
            "/dataplane-insights",
            "/meshes/" + MESH + "/certificate-insights",
            "/meshes/" + MESH + "/certificate-insights/dataplanes",
            "/certificate-insights",
            "/certificate-insights/dataplanes",
            "/meshes/" + MESH + "/ca-rotation",
            "/ca-rotation",
            "/mesh-insights",
            "/secrets",
            "/dataplanes",
            // Kuma types meshtrust does not store (resources/KumaTypes): always empty, same parameter checks.
            "/meshes/" + MESH + "/meshservices",
            "/meshes/" + MESH + "/meshtrafficpermissions",
            "/meshes/" + MESH + "/workloads",
            "/meshtrafficpermissions",
            "/zones",
            "/zones/_overview");
    static final List<String> PARAMS = List.of(
            "size",
            "offset",
            "name",
            "filter[labels.team]",
            "filter[labels.a.b]",
            "filter[name]",
            "filter[labels.x][eq]",
            "tag",
            "gateway",
            "certState",
            "certExpiresBefore",
            "certExpiresAfter",
            "soonest",
            "histogram",
            "buckets",
            "reason",
            "format");

    @Test
    void randomListParametersGetA200OrA400() {
        for (String list : LISTS) {
            expectAccepted(given().config(TIMEOUTS).get(list), "GET " + list);
        }
        Arbitrary<String> value = Arbitraries.oneOf(
                Mutations.hostileString(),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of(
                        "2006-01-02T15:04:05Z",
                        "+999999999-12-31T23:59:59Z",
                        "-999999999-01-01T00:00:00Z",
                        "2030-01-01T00:00:00+14:00",
                        "7d",
                        "292y",
                        "1ms",
                        "true",
                        "builtin",
                        "expired",
                        "web:v1",
                        "k8s"));
        Arbitrary<String> query = Combinators.combine(Arbitraries.of(PARAMS), value)
                .as((k, v) -> enc(k) + "=" + enc(v))
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(q -> String.join("&", q));
        Arbitrary<String> url =
                Combinators.combine(Arbitraries.of(LISTS), query).as((l, q) -> l + "?" + q);
        run(
                "GET list",
                url,
                TRIES,
                u -> given().config(TIMEOUTS).urlEncodingEnabled(false).get(u));
    }

    @Test
    void randomKrisGetA200OrA4xx() {
        put("/meshes/" + MESH + "/dataplanes/kri-1", targets().get(3).base().formatted("kri-1"));
        expectAccepted(
                given().config(TIMEOUTS).urlEncodingEnabled(false).get("/_kri/kri_dp_" + MESH + "___kri-1_"), "KRI");
        Arbitrary<String> part =
                Arbitraries.oneOf(Arbitraries.of(MESH, "kri-1", "", "default"), Mutations.hostileString());
        Arbitrary<String> kri = Arbitraries.oneOf(
                part.list().ofMaxSize(9).map(p -> String.join("_", p)),
                part.list().ofSize(5).map(p -> "kri_dp_" + String.join("_", p)),
                part.list().ofSize(5).map(p -> "kri_m_" + String.join("_", p)),
                Mutations.hostileString());
        Arbitrary<String> url = Combinators.combine(kri, Arbitraries.of("", "?format=k8s", "?format=yaml"))
                .as((k, f) -> "/_kri/" + enc(k).replace("+", "%20") + f);
        run(
                "GET /_kri",
                url.filter(u -> !u.equals("/_kri/")),
                TRIES,
                u -> given().config(TIMEOUTS).urlEncodingEnabled(false).get(u));
    }

    // ---- the invariant ---------------------------------------------------------------------------------------------

    interface Call {
        Response send(String input);
    }

    /** Token requests that do not decode get Kuma's 400 with an empty body (docs/kuma-tokens.md §9.2, §11.1). */
    void runAllowingEmpty400(String what, Arbitrary<String> inputs, int tries, Call call) {
        run(what, inputs, tries, input -> {
            Response r = call.send(input);
            return r.statusCode() == 400 && r.asString().isEmpty() ? null : r;
        });
    }

    /** Runs {@code tries} inputs through {@code call}, each checked against the invariant; names seed and input on failure. */
    void run(String what, Arbitrary<String> inputs, int tries, Call call) {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        System.out.println("fuzz " + what + ": " + tries + " tries, -Dfuzz.seed=" + seed);
        Random random = new Random(seed);
        JqwikSession.start(String.valueOf(seed)); // jqwik generators need a session outside a @Property
        try {
            RandomGenerator<String> generator = inputs.generator(100);
            for (int i = 0; i < tries; i++) {
                String input = generator.next(random).value();
                try {
                    Response r = call.send(input);
                    if (r != null) {
                        checkResponse(r);
                    }
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(
                            what + " failed at try " + i + " (-Dfuzz.seed=" + seed + ") on input:\n" + shorten(input)
                                    + "\n" + e.getMessage(),
                            e);
                }
            }
        } finally {
            JqwikSession.finish();
        }
    }

    static void checkResponse(Response r) {
        String text = r.asString();
        int status = r.statusCode();
        assertThat(status).as("status, body %s", shorten(text)).isLessThan(500);
        if (status >= 400) {
            JsonNode body = Golden.parse(text);
            assertThat(body.path("type").asText()).as(text).isEqualTo("/std-errors");
            assertThat(body.path("status").asInt()).as(text).isEqualTo(status);
            assertThat(body.path("title").asText()).as(text).isNotBlank();
            assertThat(body.path("detail").asText()).as(text).isNotBlank();
            assertThat(LEAK.matcher(text).find())
                    .as("internals in %s", shorten(text))
                    .isFalse();
        }
    }

    private static void expectAccepted(Response r, String what) {
        assertThat(r.statusCode()).as(what + ": " + r.asString()).isBetween(200, 299);
    }

    String fresh(String prefix) {
        return "fz-" + prefix + "-" + counter.incrementAndGet();
    }

    static Response put(String path, String body) {
        return json().body(body).put(path);
    }

    static Response post(String path, String body) {
        return json().body(body).post(path);
    }

    static void delete(String path) {
        given().config(TIMEOUTS).delete(path);
    }

    private static RequestSpecification json() {
        return given().config(TIMEOUTS).header("Content-Type", "application/json");
    }

    private static String canonical(String json) {
        JsonNode node = Golden.parse(json);
        if (node instanceof ObjectNode o) {
            o.remove("modificationTime");
        }
        return node.toString();
    }

    private static String json(String s) {
        return TextNode.valueOf(s).toString();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String shorten(String s) {
        return s.length() <= 1500 ? s : s.substring(0, 1500) + "… (" + s.length() + " chars)";
    }
}
