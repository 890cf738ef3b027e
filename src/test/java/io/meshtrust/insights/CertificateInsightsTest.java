package io.meshtrust.insights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.certificates.CertificateGauges;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.meshtrust.testsupport.StoreReset;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The certificate filters of the insight lists ({@code certState}, {@code certExpiresBefore/After}), the certificate
 * insights endpoints (with the expiration histogram and the per-Dataplane list), and how an insight's {@code mTLS} and meshtrust's contacts are rendered.
 *
 * <p>Mesh {@code certs} (builtin CA {@code ca-1}) has one Dataplane per certificate state ({@code due} is past its
 * {@code renewAfter} by a minute, within the default overdue grace of 10 minutes; {@code overdue} by an hour); mesh
 * {@code broken} has a
 * provided CA whose files do not exist; mesh {@code plain} has no mTLS. Read-only tests, seeded once per class.
 */
@QuarkusTest
class CertificateInsightsTest {

    // When each class (this one, its PostgreSQL subclass) seeded its data: certificate times are relative to it.
    private static final Map<Class<?>, Instant> SEEDED = new ConcurrentHashMap<>();

    Instant now;

    @Inject
    ResourceStore store;

    @Inject
    InsightStore insights;

    @Inject
    CaMaterialCache cas;

    @Inject
    CertificateGauges gauges;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void seedOnce() {
        Instant seeded = SEEDED.get(getClass());
        if (seeded != null) {
            now = seeded;
            return;
        }
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SEEDED.put(getClass(), now);
        StoreReset.clear(store);
        mesh(Meshes.builtin("certs"));
        mesh(Meshes.plain("broken")
                .providedFileBackend("p-1", "/nonexistent/ca.pem", "/nonexistent/ca.key")
                .enabled("p-1")
                .skipValidation());
        mesh(Meshes.plain("plain"));
        certified("certs", "expired", now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(5)), "ca-1");
        certified("certs", "due", now.plus(Duration.ofMinutes(30)), now.minus(Duration.ofMinutes(1)), "ca-1");
        certified("certs", "overdue", now.plus(Duration.ofHours(5)), now.minus(Duration.ofHours(1)), "ca-1");
        certified("certs", "soon", now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(1)), "ca-2");
        certified("certs", "later", now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(2)), "ca-1");
        dataplane("certs", "no-cert");
        insights.put(DataplaneInsight.of(key("certs", "no-cert"), null, null))
                .await()
                .atMost(Duration.ofSeconds(10));
        dataplane("certs", "no-insight");
        certified("broken", "other", now.plus(Duration.ofDays(10)), now.plus(Duration.ofDays(8)), "p-1");
        contact("due", now.minus(Duration.ofMinutes(20)), now.minusSeconds(10));
        contact("soon", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    }

    static void mesh(Meshes mesh) {
        mesh.put().then().statusCode(201);
    }

    static void dataplane(String mesh, String name) {
        Dataplanes.web(mesh, name)
                .noServicePort()
                .service("web-" + name)
                .put()
                .then()
                .statusCode(201);
    }

    void certified(String mesh, String name, Instant notAfter, Instant renewAfter, String backend) {
        dataplane(mesh, name);
        Instant generation = notAfter.minus(Duration.ofHours(24)).plusMillis(123);
        var stats = new DataplaneInsight.MtlsStats(notAfter, generation, 3, backend, List.of(backend));
        var cert = new DataplaneInsight.CurrentCertificate(
                "1234", generation, notAfter, renewAfter, "kuma.io/service=web-" + name, "fingerprint");
        insights.put(new DataplaneInsight(key(mesh, name), null, null, null, null, stats, cert, null, null))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    void contact(String name, Instant firstSeen, Instant lastSeen) {
        var current = insights.get(key("certs", name))
                .await()
                .atMost(Duration.ofSeconds(10))
                .orElseThrow();
        insights.put(new DataplaneInsight(
                        current.dataplane(),
                        null,
                        null,
                        current.subscriptions(),
                        null,
                        current.mtls(),
                        current.certificate(),
                        firstSeen,
                        lastSeen))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    static ResourceKey key(String mesh, String name) {
        return ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
    }

    static String time(Instant t) {
        // ISO text, percent-encoded as a client does
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    ValidatableResponse list(String path) {
        return given().urlEncodingEnabled(false).get(path).then().statusCode(200);
    }

    @Test
    void certStateFiltersTheOverviews() {
        list("/meshes/certs/dataplanes/_overview?certState=expired")
                .body("items.name", contains("expired"))
                .body("total", equalTo(1));
        list("/meshes/certs/dataplanes/_overview?certState=renew-due").body("items.name", contains("due"));
        list("/meshes/certs/dataplanes/_overview?certState=overdue")
                .body("items.name", contains("overdue"))
                .body("total", equalTo(1));
        list("/dataplanes+insights?certState=overdue").body("items.name", contains("overdue"));
        list("/meshes/certs/dataplanes+insights?certState=overdue&tag=kuma.io/service:web-over")
                .body("items.name", contains("overdue"));
        list("/meshes/certs/dataplanes+insights?certState=overdue&name=due").body("items.name", contains("overdue"));
        list("/meshes/certs/dataplanes+insights?certState=renew-due&name=due").body("items.name", contains("due"));
        list("/meshes/certs/dataplanes/_overview?certState=valid").body("items.name", contains("later", "soon"));
        list("/meshes/certs/dataplanes/_overview?certState=none")
                .body("items.name", contains("no-cert", "no-insight"))
                .body("items[1]", not(hasKey("dataplaneInsight")));
        list("/dataplanes+insights?certState=valid")
                .body("items.mesh", contains("broken", "certs", "certs"))
                .body("items.name", contains("other", "later", "soon"));
        list("/meshes/certs/dataplanes+insights?certState=valid&size=1")
                .body("total", equalTo(2))
                .body("items.name", contains("later"));
        list("/meshes/certs/dataplanes+insights?certState=valid&size=1&offset=1")
                .body("total", equalTo(2))
                .body("items.name", contains("soon"));
        list("/dataplanes/_overview?certState=none&size=1&offset=1")
                .body("total", equalTo(2))
                .body("items.name", contains("no-insight"));
    }

    @Test
    void certExpiresBeforeAndOtherFiltersCombine() {
        list("/meshes/certs/dataplanes/_overview?certExpiresBefore=" + time(now.plus(Duration.ofHours(1))))
                .body("items.name", contains("due", "expired"));
        // an offset is accepted, and a '+' that arrived unencoded (a space) too
        list("/meshes/certs/dataplanes/_overview?certExpiresBefore="
                        + now.plus(Duration.ofHours(4))
                                .atOffset(ZoneOffset.ofHours(1))
                                .toString()
                                .replace("+", "%2B"))
                .body("items.name", contains("due", "expired", "soon"));
        list("/meshes/certs/dataplanes/_overview?certExpiresBefore="
                        + now.plus(Duration.ofHours(4)).atOffset(ZoneOffset.ofHours(1)))
                .body("items.name", contains("due", "expired", "soon"));
        list("/meshes/certs/dataplanes/_overview?certState=renew-due&certExpiresBefore="
                        + time(now.plus(Duration.ofHours(4))))
                .body("items.name", contains("due"));
        list("/meshes/certs/dataplanes/_overview?certState=valid&name=o").body("items.name", contains("soon"));
        list("/meshes/certs/dataplanes/_overview?certState=expired&tag=kuma.io/service:web-exp")
                .body("items.name", contains("expired"));
        list("/meshes/certs/dataplanes/_overview?certState=none&tag=kuma.io/service:insight")
                .body("items.name", contains("no-insight"));
        list("/meshes/certs/dataplanes/_overview?certState=none&certExpiresBefore=" + time(now))
                .body("total", equalTo(0));
    }

    @Test
    void dataplaneInsightListsOnlyHoldInsights() {
        list("/meshes/certs/dataplane-insights?certState=none")
                .body("items.name", contains("no-cert"))
                .body("items[0].type", equalTo("DataplaneInsight"));
        list("/dataplane-insights?certState=expired").body("items.name", contains("expired"));
        list("/dataplane-insights?certExpiresBefore=" + time(now.plus(Duration.ofDays(30))))
                .body("items.name", contains("other", "due", "expired", "later", "overdue", "soon"));
        list("/dataplane-insights?certState=overdue").body("items.name", contains("overdue"));
        // Kuma's dataplane-insights take only the generic filters: tag and gateway are ignored
        list("/meshes/certs/dataplane-insights?gateway=bogus&tag=x:y").body("total", equalTo(6));
    }

    @Test
    void badCertificateParametersAreViolations() {
        given().get("/meshes/certs/dataplanes/_overview?certState=soon")
                .then()
                .statusCode(400)
                .body("title", equalTo(InsightEndpoints.TITLE_OVERVIEWS))
                .body("detail", equalTo("Resource is not valid"))
                .body("invalid_parameters[0].field", equalTo("/meshes/{mesh}/dataplanes/_overview.certState"))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo(
                                "\"certState\" must be one of [\"expired\", \"overdue\", \"renew-due\", \"valid\", \"none\"],"
                                        + " not \"soon\""));
        given().get("/dataplane-insights?certExpiresBefore=tomorrow&certState=VALID")
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not retrieve resources"))
                .body(
                        "invalid_parameters.field",
                        contains("/dataplane-insights.certExpiresBefore", "/dataplane-insights.certState"))
                .body("invalid_parameters[0].reason", startsWith("\"certExpiresBefore\" must be an RFC 3339 time"));
        given().get("/meshes/certs/certificate-insights?soonest=101")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("/meshes/{mesh}/certificate-insights.soonest"))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("\"soonest\" must be a whole number from 0 to 100, not \"101\""));
        given().get("/certificate-insights?soonest=ten")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("/certificate-insights.soonest"));
        given().get("/meshes/nope/certificate-insights")
                .then()
                .statusCode(404)
                .body("title", equalTo("Failed to retrieve Mesh"));
    }

    @Test
    void certificateInsightsOfOneMesh() {
        var ca = cas.get("certs").await().atMost(Duration.ofSeconds(10));
        String caNotAfter = ca.issuer().getNotAfter().toInstant().toString();
        list("/meshes/certs/certificate-insights")
                .body("type", equalTo("CertificateInsights"))
                .body("mesh", equalTo("certs"))
                .body(
                        "dataplanes",
                        equalTo(Map.of("total", 7, "valid", 2, "renewDue", 1, "overdue", 1, "expired", 1, "none", 2)))
                .body("expiringWithin", equalTo(Map.of("1h", 1, "24h", 3, "7d", 4)))
                .body(
                        "backends",
                        equalTo(Map.of(
                                "ca-1", Map.of("total", 4, "valid", 1, "renewDue", 1, "overdue", 1, "expired", 1),
                                "ca-2", Map.of("total", 1, "valid", 1, "renewDue", 0, "overdue", 0, "expired", 0))))
                .body("soonest.name", contains("due", "soon", "overdue", "later"))
                .body("soonest.state", contains("renew-due", "valid", "overdue", "valid"))
                .body(
                        "soonest[0]",
                        equalTo(Map.of(
                                "mesh",
                                "certs",
                                "name",
                                "due",
                                "issuedBackend",
                                "ca-1",
                                "state",
                                "renew-due",
                                "certificateExpirationTime",
                                now.plus(Duration.ofMinutes(30)).toString())))
                .body(
                        "certificateAuthorities",
                        equalTo(List.of(Map.of(
                                "mesh", "certs", "backend", "ca-1", "type", "builtin", "notAfter", caNotAfter))));
        list("/meshes/certs/certificate-insights?soonest=1").body("soonest.name", contains("due"));
        list("/meshes/certs/certificate-insights?soonest=0").body("soonest", empty());
        list("/meshes/plain/certificate-insights")
                .body(
                        "dataplanes",
                        equalTo(Map.of("total", 0, "valid", 0, "renewDue", 0, "overdue", 0, "expired", 0, "none", 0)))
                .body("backends", equalTo(Map.of()))
                .body("certificateAuthorities", empty());
    }

    @Test
    void certificateInsightsOfEveryMeshListBrokenCasWithTheirError() {
        String body = list("/certificate-insights")
                .body("$", not(hasKey("mesh")))
                .body("dataplanes.total", equalTo(8))
                .body("dataplanes.valid", equalTo(3))
                .body("dataplanes.overdue", equalTo(1))
                .body("dataplanes.renewDue", equalTo(1))
                .body("expiringWithin.7d", equalTo(4))
                .body(
                        "backends.p-1",
                        equalTo(Map.of("total", 1, "valid", 1, "renewDue", 0, "overdue", 0, "expired", 0)))
                .body("certificateAuthorities.mesh", contains("broken", "certs"))
                .body("certificateAuthorities[0].backend", equalTo("p-1"))
                .body("certificateAuthorities[0].type", equalTo("provided"))
                .body("certificateAuthorities[0]", not(hasKey("notAfter")))
                .body(
                        "certificateAuthorities[0].error",
                        startsWith("failed to load CA key pair for Mesh \"broken\" and backend \"p-1\""))
                .body("certificateAuthorities[1].notAfter", Matchers.notNullValue())
                .extract()
                .asString();
        assertThat(body).doesNotContain("BEGIN", "PRIVATE", "KEY-----");
    }

    @Test
    void mtlsStatisticsInKumasJson() {
        var mtls = new HashMap<String, Object>();
        mtls.put("certificateExpirationTime", now.plus(Duration.ofMinutes(30)).toString());
        mtls.put(
                "lastCertificateRegeneration",
                now.plus(Duration.ofMinutes(30))
                        .minus(Duration.ofHours(24))
                        .plusMillis(123)
                        .toString());
        mtls.put("certificateRegenerations", 3);
        mtls.put("issuedBackend", "ca-1");
        mtls.put("supportedBackends", List.of("ca-1"));
        list("/meshes/certs/dataplanes/due/_overview").body("dataplaneInsight.mTLS", equalTo(mtls));
        assertThat((String) mtls.get("lastCertificateRegeneration")).endsWith(".123Z");
        list("/meshes/certs/dataplane-insights/no-cert")
                .body("$", not(hasKey("mTLS")))
                .body("$", not(hasKey("subscriptions")));
    }

    @Test
    void contactsAppearAsAKumaSubscription() {
        // in contact 10 s ago: connected, no disconnectTime
        list("/meshes/certs/dataplanes/due/_overview")
                .body("dataplaneInsight.subscriptions", Matchers.hasSize(1))
                .body(
                        "dataplaneInsight.subscriptions[0]",
                        equalTo(Map.of(
                                "id",
                                "meshtrust",
                                "controlPlaneInstanceId",
                                "meshtrust",
                                "connectTime",
                                now.minus(Duration.ofMinutes(20)).toString(),
                                "status",
                                Map.of(
                                        "lastUpdateTime",
                                        now.minusSeconds(10).toString(),
                                        "total",
                                        Map.of(),
                                        "cds",
                                        Map.of(),
                                        "eds",
                                        Map.of(),
                                        "lds",
                                        Map.of(),
                                        "rds",
                                        Map.of()),
                                "version",
                                // nothing stated in a heartbeat: Kuma's "unknown", and no Envoy
                                Map.of("kumaDp", Map.of("version", "unknown"), "envoy", Map.of()))));
        // last contact an hour ago: disconnected idleTimeout (5m) after it
        list("/meshes/certs/dataplane-insights/soon")
                .body(
                        "subscriptions[0].disconnectTime",
                        equalTo(now.minus(Duration.ofMinutes(55)).toString()))
                .body(
                        "subscriptions[0].status.lastUpdateTime",
                        equalTo(now.minus(Duration.ofHours(1)).toString()));
        list("/meshes/certs/dataplanes/later/_overview").body("dataplaneInsight", not(hasKey("subscriptions")));
    }

    @Test
    void certExpiresAfterBoundsTheWindowFromBelow() {
        // "expiring within 24 h" as the dashboard asks for it: not yet expired, expiring before now + 24 h
        list("/meshes/certs/dataplanes/_overview?certExpiresAfter=" + time(now) + "&certExpiresBefore="
                        + time(now.plus(Duration.ofHours(24))))
                .body("items.name", contains("due", "overdue", "soon"));
        list("/dataplane-insights?certExpiresAfter=" + time(now.plus(Duration.ofDays(1))))
                .body("items.name", contains("other", "later"));
        list("/meshes/certs/dataplanes/_overview?certExpiresAfter=" + time(now) + "&name=o")
                .body("items.name", contains("overdue", "soon"));
        given().get("/meshes/certs/dataplanes/_overview?certExpiresAfter=now")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("/meshes/{mesh}/dataplanes/_overview.certExpiresAfter"))
                .body("invalid_parameters[0].reason", startsWith("\"certExpiresAfter\" must be an RFC 3339 time"));
    }

    @Test
    void certificateListGivesEachDataplanesStateAsTheServerSeesIt() {
        list("/meshes/certs/certificate-insights/dataplanes")
                .body("total", equalTo(7))
                .body("items.name", contains("due", "expired", "later", "no-cert", "no-insight", "overdue", "soon"))
                .body("items.state", contains("renew-due", "expired", "valid", "none", "none", "overdue", "valid"))
                .body(
                        "items.status",
                        contains("Online", "Offline", "Offline", "Offline", "Offline", "Offline", "Offline"))
                .body(
                        "items[0]",
                        equalTo(Map.ofEntries(
                                Map.entry("mesh", "certs"),
                                Map.entry("name", "due"),
                                Map.entry("state", "renew-due"),
                                Map.entry("status", "Online"),
                                Map.entry("services", List.of("web-due")),
                                Map.entry(
                                        "certificateExpirationTime",
                                        now.plus(Duration.ofMinutes(30)).toString()),
                                Map.entry(
                                        "renewAfter",
                                        now.minus(Duration.ofMinutes(1)).toString()),
                                Map.entry(
                                        "lastCertificateRegeneration",
                                        now.plus(Duration.ofMinutes(30))
                                                .minus(Duration.ofHours(24))
                                                .plusMillis(123)
                                                .toString()),
                                Map.entry("certificateRegenerations", 3),
                                Map.entry("issuedBackend", "ca-1"),
                                Map.entry("lastSeen", now.minusSeconds(10).toString()))))
                .body("items[3]", not(hasKey("certificateExpirationTime")));
        list("/certificate-insights/dataplanes?certState=valid&size=2")
                .body("total", equalTo(3))
                .body("items.mesh", contains("broken", "certs"))
                .body("items.name", contains("other", "later"))
                .body("next", Matchers.containsString("/certificate-insights/dataplanes?"));
        list("/certificate-insights/dataplanes?tag=kuma.io/service:web-so").body("items.name", contains("soon"));
        given().get("/meshes/nope/certificate-insights/dataplanes").then().statusCode(404);
        given().get("/certificate-insights/dataplanes?certState=later")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("/certificate-insights/dataplanes.certState"));
    }

    @Test
    void histogramSplitsUpcomingExpirationsIntoEqualBuckets() {
        // 4 buckets of a day: due (30 min), soon (2 h) and overdue (5 h) in the first, later (3 d after seeding, so a
        // little less than 3 d after the server's now) in the third; the expired one in none
        var histogram = list("/meshes/certs/certificate-insights?histogram=4d&buckets=4")
                .body("expirationHistogram.bucketSeconds", equalTo(86_400))
                .body("expirationHistogram.counts", contains(3, 0, 1, 0))
                // the fixed windows are unchanged by the histogram's
                .body("expiringWithin", equalTo(Map.of("1h", 1, "24h", 3, "7d", 4)))
                .extract()
                .jsonPath();
        // from the server's now (after seeding) to the end of the last bucket
        Instant from = Instant.parse(histogram.getString("expirationHistogram.from"));
        assertThat(from).isBetween(now, Instant.now());
        assertThat(Instant.parse(histogram.getString("expirationHistogram.until")))
                .isEqualTo(from.plus(Duration.ofDays(4)));
        list("/certificate-insights?histogram=14d&buckets=2").body("expirationHistogram.counts", contains(4, 1));
        list("/certificate-insights?histogram=1h")
                .body("expirationHistogram.counts", Matchers.hasSize(24))
                .body("expirationHistogram.bucketSeconds", equalTo(150));
        list("/certificate-insights").body("$", not(hasKey("expirationHistogram")));
        given().get("/certificate-insights?histogram=1h30m&buckets=0")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters.field",
                        contains("/certificate-insights.buckets", "/certificate-insights.histogram"));
        given().get("/certificate-insights?histogram=10s&buckets=20")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].reason", containsString("at least one second per bucket"));
        given().get("/certificate-insights?buckets=5")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].reason", equalTo("\"buckets\" needs \"histogram\", the span to divide"));
    }

    /**
     * One certificate past its {@code renewAfter} by more than the overdue grace (10 minutes by default) and one within
     * it: {@code overdue} and {@code renew-due} in the dataplane's certificate status and in the state gauge, as in the
     * lists and counts above.
     */
    @Test
    void overdueAndRenewDueInTheCertificateStatusAndTheGauge() {
        given().get("/meshes/certs/dataplanes/overdue/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("overdue"))
                .body("renewalDue", equalTo(true))
                .body(
                        "reasons",
                        Matchers.hasItem("overdue: past renewAfter ("
                                + now.minus(Duration.ofHours(1)) + ") by more than the grace of 10m0s;"
                                + " the data plane should have renewed and did not"));
        given().get("/meshes/certs/dataplanes/due/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("renew-due"))
                .body("renewalDue", equalTo(true))
                .body("reasons", Matchers.hasItem("past renewAfter (" + now.minus(Duration.ofMinutes(1)) + ")"));
        given().get("/meshes/certs/dataplanes/later/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("valid"));

        gauges.refresh().await().atMost(Duration.ofSeconds(10));
        var expected = Map.of("valid", 2.0, "renew-due", 1.0, "overdue", 1.0, "expired", 1.0, "none", 2.0);
        expected.forEach((state, count) -> assertThat(registry.find("dataplane_certificates")
                        .tag("mesh", "certs")
                        .tag("state", state)
                        .gauge()
                        .value())
                .as(state)
                .isEqualTo(count));
    }
}
