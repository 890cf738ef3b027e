package io.meshtrust.rotation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.RenewalSpread;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 points 1-4 over real HTTP with real minting: several backends per mesh (every bundle holds every listed
 * root, the insight records them), the gate on switching and retiring, the renewal spread, and the progress endpoint
 * through a whole rotation A → B. {@link CaRotationOnPostgresTest} runs the same on PostgreSQL.
 */
@QuarkusTest
class CaRotationTest {

    static final String MESH = "rot";
    static final List<String> DATAPLANES = List.of("dp-1", "dp-2", "dp-3");

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @Inject
    MeterRegistry registry;

    @Inject
    CaRotationGauges gauges;

    @BeforeEach
    void meshWithThreeCertifiedDataplanes() {
        StoreReset.clear(store);
        put(Meshes.builtin(MESH).dpCertExpiration("1h"), "").then().statusCode(201);
        for (String dp : DATAPLANES) {
            Dataplanes.web(MESH, dp).noServicePort().put().then().statusCode(201);
            assertThat(mint(dp).getString("backend")).isEqualTo("ca-1");
        }
    }

    static Meshes both(String enabled) {
        return Meshes.plain(MESH)
                .builtinBackend("ca-1")
                .dpCertExpiration("1h")
                .builtinBackend("ca-2")
                .dpCertExpiration("1h")
                .enabled(enabled);
    }

    static Meshes only2() {
        return Meshes.plain(MESH).builtinBackend("ca-2").dpCertExpiration("1h").enabled("ca-2");
    }

    static Response put(Meshes mesh, String query) {
        return given().header("Content-Type", "application/json")
                .body(mesh.json())
                .put("/meshes/" + MESH + query);
    }

    static JsonPath mint(String dp) {
        return given().header("Content-Type", "application/json")
                .body("{\"keyType\":\"ecdsa-p256\"}")
                .post("/meshes/" + MESH + "/dataplanes/" + dp + "/certificate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath rotation(String query) {
        return given().get("/meshes/" + MESH + "/ca-rotation" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static X509Certificate root(String backend) {
        String pem = given().get("/meshes/" + MESH + "/secrets/" + MESH + ".ca-builtin-cert-" + backend)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("data");
        return parse(new String(Base64.getDecoder().decode(pem))).get(0);
    }

    static Set<String> subjects(String bundle) {
        return parse(bundle).stream().map(CaRotationTest::id).collect(Collectors.toSet());
    }

    static List<X509Certificate> parse(String pem) {
        try {
            return PemCodec.parseCertificates(pem);
        } catch (PemException e) {
            throw new AssertionError("not PEM certificates: " + e.getMessage(), e);
        }
    }

    /** The certificate's SHA-256 fingerprint: both builtin roots have Kuma's subject and serial 0. */
    static String id(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWholeRotationIsGatedAtEachStepAndVisibleAsPhases() {
        var stable = rotation("");
        assertThat(stable.getString("phase")).isEqualTo("stable");
        assertThat(stable.getLong("dataplanes.withCertificate.online")).isEqualTo(3);
        assertThat(stable.getLong("laggards.blocking")).isZero();

        // 1. add ca-2 after ca-1: trust propagates as the data planes renew
        put(both("ca-1"), "").then().statusCode(200);
        var propagating = rotation("");
        assertThat(propagating.getString("phase")).isEqualTo("trust-propagating");
        assertThat(propagating.getString("targetBackend")).isEqualTo("ca-2");
        assertThat(propagating.getLong("laggards.lacksRoot")).isEqualTo(3);
        assertThat(propagating.getList("holdingUp.items.reason")).containsOnly("lacks root");

        JsonPath renewed = mint("dp-1");
        assertThat(renewed.getString("backend")).isEqualTo("ca-1");
        assertThat(subjects(renewed.getString("caBundle")))
                .containsExactlyInAnyOrder(id(root("ca-1")), id(root("ca-2")));
        var insight = given().get("/meshes/" + MESH + "/dataplane-insights/dp-1")
                .then()
                .extract()
                .jsonPath();
        assertThat(insight.getList("mTLS.supportedBackends")).containsExactly("ca-1", "ca-2");
        assertThat(insight.getString("mTLS.issuedBackend")).isEqualTo("ca-1");
        assertThat(rotation("").getLong("laggards.lacksRoot")).isEqualTo(2);
        var backends = rotation("").getList("backends");
        assertThat(backends).hasSize(2);
        assertThat(rotation("").getLong("backends[1].trustedBy.online")).isEqualTo(1);
        assertThat(rotation("").getLong("backends[0].issuerOf.online")).isEqualTo(3);

        // 2. the switch is refused while two online data planes lack ca-2's root
        put(both("ca-2"), "")
                .then()
                .statusCode(400)
                .body("title", equalTo("Failed to update a resource"))
                .body("invalid_parameters[0].field", equalTo("mtls.enabledBackend"))
                .body(
                        "invalid_parameters[0].reason",
                        containsString("cannot switch to backend \"ca-2\" yet: 2 of 3 online dataplanes have not been"
                                + " given its root"))
                .body("invalid_parameters[0].reason", containsString("GET /meshes/rot/ca-rotation?reason=lacks-root"))
                .body("invalid_parameters[0].reason", containsString("?force=true"));
        assertThat(mesh().getString("mtls.enabledBackend")).isEqualTo("ca-1"); // nothing written
        mint("dp-2");
        mint("dp-3");
        var ready = rotation("");
        assertThat(ready.getString("phase")).isEqualTo("ready-to-switch");
        assertThat(ready.getString("nextStep")).isEqualTo("set mtls.enabledBackend to \"ca-2\"");
        assertThat(ready.getInt("holdingUp.total")).as(ready.prettify()).isZero();

        // 3. switch: re-issuing until every one holds a ca-2 certificate; retiring ca-1 is refused meanwhile
        put(both("ca-2"), "").then().statusCode(200);
        assertThat(rotation("").getString("phase")).isEqualTo("re-issuing");
        assertThat(rotation("?reason=old-issuer").getInt("holdingUp.total")).isEqualTo(3);
        assertThat(mint("dp-1").getString("backend")).isEqualTo("ca-2");
        put(only2(), "")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("mtls.backends"))
                .body(
                        "invalid_parameters[0].reason",
                        containsString("cannot remove backend \"ca-1\" yet: 2 online dataplanes hold unexpired"
                                + " certificates it issued"));
        mint("dp-2");
        mint("dp-3");
        var retire = rotation("");
        assertThat(retire.getString("phase")).isEqualTo("ready-to-retire");
        assertThat(retire.getList("retiringBackends")).containsExactly("ca-1");
        assertThat(retire.getString("nextStep")).isEqualTo("remove \"ca-1\" from mtls.backends");

        // 4. retire ca-1: the bundles drop its root as the data planes renew (stale root until then)
        put(only2(), "").then().statusCode(200);
        assertThat(rotation("").getString("phase")).isEqualTo("re-issuing");
        assertThat(rotation("").getList("holdingUp.items.reason")).containsOnly("stale root");
        for (String dp : DATAPLANES) {
            JsonPath last = mint(dp);
            assertThat(last.getString("backend")).isEqualTo("ca-2");
            assertThat(subjects(last.getString("caBundle"))).containsExactly(id(root("ca-2")));
        }
        var done = rotation("");
        assertThat(done.getString("phase")).isEqualTo("stable");
        assertThat(done.getLong("laggards.blocking")).isZero();
        assertThat(done.getString("enabledBackend")).isEqualTo("ca-2");
    }

    /** Builtin and provided mixed: the provided backend's whole chain joins every bundle; it signs once enabled. */
    @Test
    void aProvidedIntermediateChainRotatesInBesideABuiltinRoot() throws Exception {
        String chain = fixture("intermediate-chain.pem");
        var conf = JsonNodeFactory.instance.objectNode();
        conf.putObject("cert").put("inlineString", chain);
        conf.putObject("key").put("inlineString", fixture("intermediate-ca.key"));
        Meshes mixed = Meshes.plain(MESH)
                .builtinBackend("ca-1")
                .dpCertExpiration("1h")
                .backend("corp", "provided")
                .conf(conf.toString())
                .dpCertExpiration("1h");
        put(mixed.enabled("ca-1"), "").then().statusCode(200);
        var minted = mint("dp-1");
        Set<String> bundle = subjects(minted.getString("caBundle"));
        Set<String> expected = new HashSet<>(Set.of(id(root("ca-1"))));
        parse(chain).forEach(c -> expected.add(id(c)));
        assertThat(bundle).isEqualTo(expected);
        mint("dp-2");
        mint("dp-3");
        put(mixed.enabled("corp"), "").then().statusCode(200);
        var issued = mint("dp-1");
        assertThat(issued.getString("backend")).isEqualTo("corp");
        X509Certificate leaf = parse(issued.getString("certificate")).get(0);
        leaf.verify(parse(chain).get(0).getPublicKey()); // signed by the intermediate, the chain's first
        assertThat(rotation("").getString("phase")).isEqualTo("re-issuing");
    }

    static String fixture(String name) {
        try (var in = CaRotationTest.class.getResourceAsStream("/kuma/provided-ca/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }

    @Test
    void forceOverridesTheGateAndIsCounted() {
        put(both("ca-1"), "").then().statusCode(200);
        double before = forced("switch");
        put(both("ca-2"), "?force=false").then().statusCode(400);
        put(both("ca-2"), "?force=true").then().statusCode(200);
        assertThat(forced("switch")).isEqualTo(before + 1);
        assertThat(mesh().getString("mtls.enabledBackend")).isEqualTo("ca-2");
        double removals = forced("remove");
        put(only2(), "?force=true").then().statusCode(200);
        assertThat(forced("remove")).isEqualTo(removals + 1);
        put(both("ca-2"), "?force=yes")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("force"))
                .body("invalid_parameters[0].reason", containsString("must be true or false"));
    }

    @Test
    void offlineDataplanesDoNotBlockAndAreListed() {
        // dp-3 was last seen long ago: offline
        var key = ResourceKey.inMesh(ResourceType.DATAPLANE, MESH, "dp-3");
        DataplaneInsight current = insights.get(key).await().indefinitely().orElseThrow();
        Instant old = Instant.now().minus(Duration.ofHours(1));
        insights.put(new DataplaneInsight(
                        key,
                        null,
                        null,
                        JsonNodeFactory.instance.arrayNode(),
                        null,
                        current.mtls(),
                        current.certificate(),
                        old,
                        old))
                .await()
                .indefinitely();
        put(both("ca-1"), "").then().statusCode(200);
        mint("dp-1");
        mint("dp-2");
        var view = rotation("");
        assertThat(view.getString("phase")).isEqualTo("ready-to-switch");
        assertThat(view.getLong("laggards.offline")).isEqualTo(1);
        assertThat(view.getList("holdingUp.items.name")).containsExactly("dp-3");
        assertThat(view.getList("holdingUp.items.reason")).containsExactly("offline");
        put(both("ca-2"), "").then().statusCode(200);
    }

    @Test
    void theLaggardListIsPagedAndFiltered() {
        put(both("ca-1"), "").then().statusCode(200);
        var first = rotation("?size=2");
        assertThat(first.getList("holdingUp.items.name")).containsExactly("dp-1", "dp-2");
        assertThat(first.getInt("holdingUp.total")).isEqualTo(3);
        assertThat(first.getString("holdingUp.next")).contains("offset=2").contains("size=2");
        assertThat(rotation("?size=2&offset=2").getList("holdingUp.items.name")).containsExactly("dp-3");
        assertThat(rotation("?size=2&offset=2").getString("holdingUp.next")).isNull();
        assertThat(rotation("?name=-2").getList("holdingUp.items.name")).containsExactly("dp-2");
        assertThat(rotation("?reason=old-issuer").getInt("holdingUp.total")).isZero();
        assertThat(rotation("?offset=10").getInt("holdingUp.total")).isEqualTo(3);
        given().get("/meshes/" + MESH + "/ca-rotation?reason=late")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("reason"))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo(
                                "unknown reason \"late\": expected one of lacks-root, old-issuer, stale-root, offline"));
        given().get("/meshes/" + MESH + "/ca-rotation?size=0").then().statusCode(400);
        given().get("/meshes/none/ca-rotation")
                .then()
                .statusCode(404)
                .body("title", equalTo("Failed to retrieve Mesh"));
    }

    @Test
    void theGlobalListShowsEveryMesh() {
        Meshes.plain("plain").put().then().statusCode(201);
        put(both("ca-1"), "").then().statusCode(200);
        var all = given().get("/ca-rotation").then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("total")).isEqualTo(2);
        assertThat(all.getList("items.mesh")).containsExactly("plain", "rot");
        assertThat(all.getList("items.phase")).containsExactly("stable", "trust-propagating");
        assertThat(all.getList("items.mtlsEnabled")).containsExactly(false, true);
        assertThat(all.getString("items[0].nextStep")).isEqualTo("nothing: mTLS is off on this mesh");
        var page = given().get("/ca-rotation?size=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getList("items.mesh")).containsExactly("plain");
        assertThat(page.getString("next")).contains("offset=1");
    }

    @Test
    void aTrustChangeSpreadsTheRenewalsAndNeverPostponesOne() {
        List<Instant> before = new ArrayList<>();
        for (String dp : DATAPLANES) {
            before.add(Instant.parse(status(dp).getString("renewAfter")));
        }
        Instant changed = Instant.now();
        put(both("ca-1"), "").then().statusCode(200);
        Instant after = Instant.now();
        // 1h certificates: window min(5% of ~1h, 10m) = ~3 minutes
        var spread = new RenewalSpread(0.05, Duration.ofMinutes(10));
        for (int i = 0; i < DATAPLANES.size(); i++) {
            var s = status(DATAPLANES.get(i));
            Instant renewAfter = Instant.parse(s.getString("renewAfter"));
            Instant notBefore = Instant.parse(s.getString("notBefore"));
            Instant notAfter = Instant.parse(s.getString("notAfter"));
            long offset = spread.offsetMicros(MESH, DATAPLANES.get(i), notBefore, notAfter);
            assertThat(offset).isBetween(0L, Duration.ofMinutes(3).toNanos() / 1000);
            assertThat(renewAfter)
                    .isBetween(
                            changed.plusNanos(offset * 1000).minusMillis(1),
                            after.plusNanos(offset * 1000).plusMillis(1));
            assertThat(renewAfter).isBefore(before.get(i));
            assertThat(s.getString("reasons")).contains("the mesh's mtls settings changed since issuance");
        }
    }

    @Test
    void theGaugesAreAggregatesOfTheSameProgress() {
        put(both("ca-1"), "").then().statusCode(200);
        mint("dp-1");
        gauges.refresh().await().indefinitely();
        assertThat(gauge("ca_rotation_phase", "phase", "trust-propagating")).isEqualTo(1);
        assertThat(gauge("ca_rotation_phase", "phase", "ready-to-switch")).isZero();
        assertThat(gauge("ca_rotation_laggards", "reason", "lacks-root")).isEqualTo(2);
        assertThat(registry.find("ca_rotation_dataplanes")
                        .tags("mesh", MESH, "backend", "ca-2", "relation", "trusts_online")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.find("ca_rotation_dataplanes")
                        .tags("mesh", MESH, "backend", "ca-1", "relation", "issued_online")
                        .gauge()
                        .value())
                .isEqualTo(3);
        mint("dp-2");
        mint("dp-3");
        gauges.refresh().await().indefinitely();
        assertThat(gauge("ca_rotation_phase", "phase", "ready-to-switch")).isEqualTo(1);
        assertThat(gauge("ca_rotation_laggards", "reason", "lacks-root")).isZero();
        // never one series per dataplane
        assertThat(registry.find("ca_rotation_dataplanes").gauges().stream()
                        .filter(g -> MESH.equals(g.getId().getTag("mesh"))))
                .hasSize(2 * 4);
    }

    double gauge(String name, String key, String value) {
        return registry.find(name).tags("mesh", MESH, key, value).gauge().value();
    }

    JsonPath status(String dp) {
        return given().get("/meshes/" + MESH + "/dataplanes/" + dp + "/certificate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath mesh() {
        return given().get("/meshes/" + MESH).then().statusCode(200).extract().jsonPath();
    }

    double forced(String action) {
        var counter = registry.find("ca_rotation_forced")
                .tags("mesh", MESH, "action", action)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
