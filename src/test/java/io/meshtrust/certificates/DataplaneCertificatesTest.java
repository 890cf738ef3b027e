package io.meshtrust.certificates;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.Json;
import jakarta.inject.Inject;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST|GET /meshes/{mesh}/dataplanes/{name}/certificate} and {@code .../heartbeat} over real HTTP with real
 * crypto (docs/product.md §2; docs/kuma-ca-insights.md §4-6). Every certificate is read back with Bouncy Castle.
 */
@QuarkusTest
class DataplaneCertificatesTest {

    static final String MESH = "certs";
    static final String OTHER_MESH = "certs-other";

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void meshWithBuiltinCa() {
        for (String mesh : List.of(MESH, OTHER_MESH)) {
            for (String dp : List.of("web-1", "backend-1", "gw-1")) {
                given().delete("/meshes/" + mesh + "/dataplanes/" + dp);
            }
        }
        putMesh(Meshes.builtin(MESH).dpCertExpiration("1h"));
        putMesh(Meshes.plain(OTHER_MESH).builtinBackend("ca-2").enabled("ca-2"));
        putDataplane(dataplane(MESH, "web-1").tag("version", "v1"));
        putDataplane(dataplane(MESH, "backend-1").service("backend"));
        putDataplane(dataplane(OTHER_MESH, "web-1"));
    }

    static void putMesh(Meshes mesh) {
        mesh.put().then().statusCode(Matchers.oneOf(200, 201));
    }

    /** One inbound on 8080 without servicePort, {@code kuma.io/service: web} until a test tags it otherwise. */
    static Dataplanes dataplane(String mesh, String name) {
        return Dataplanes.web(mesh, name).noServicePort();
    }

    static void putDataplane(Dataplanes dataplane) {
        dataplane.put().then().statusCode(Matchers.oneOf(200, 201));
    }

    static Response mint(String mesh, String name, String body) {
        return given().header("Content-Type", "application/json")
                .body(body)
                .post("/meshes/" + mesh + "/dataplanes/" + name + "/certificate");
    }

    static KeyPair rsa(int bits) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    static KeyPair ec(String curve) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** A CSR asking for names of its own, which the server must ignore. */
    static String csr(KeyPair pair) throws Exception {
        var names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://evil/admin"));
        var extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, names);
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=attacker"), pair.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder(
                                pair.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                        .build(pair.getPrivate()));
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    static String json(String csrPem) {
        return "{\"csr\":" + Json.encode(csrPem) + "}";
    }

    static X509Certificate parse(String pem) throws Exception {
        var certs = PemCodec.parseCertificates(pem);
        assertThat(certs).hasSize(1);
        return certs.get(0);
    }

    static List<String> uris(X509Certificate cert) throws Exception {
        var holder = new X509CertificateHolder(cert.getEncoded());
        var san = holder.getExtension(Extension.subjectAlternativeName);
        assertThat(san.isCritical()).isTrue();
        List<String> uris = new ArrayList<>();
        for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            assertThat(name.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
            uris.add(name.getName().toString());
        }
        return uris;
    }

    @Test
    void signsACsrWithTheDataplanesIdentityNotTheCsrsNames() throws Exception {
        KeyPair key = rsa(2048);
        JsonPath body = mint(MESH, "web-1", json(csr(key)))
                .then()
                .statusCode(200)
                .body("privateKey", nullValue())
                .body("backend", equalTo("ca-1"))
                .body("spiffeId", equalTo("spiffe://certs/web"))
                .body("certificateRegenerations", equalTo(1))
                .extract()
                .jsonPath();
        X509Certificate leaf = parse(body.getString("certificate"));
        assertThat(leaf.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(uris(leaf)).containsExactly("spiffe://certs/web", "kuma://kuma.io/service/web", "kuma://version/v1");
        assertThat(body.getList("uris", String.class)).isEqualTo(uris(leaf));
        assertThat(new X509CertificateHolder(leaf.getEncoded()).getSubject().getRDNs())
                .isEmpty();
        assertThat(body.getString("serialNumber"))
                .isEqualTo(leaf.getSerialNumber().toString());
        assertThat(leaf.getSerialNumber()).isPositive().isLessThan(BigInteger.ONE.shiftLeft(128));
        // dpCert.rotation.expiration 1h, NotBefore 10 s back
        assertThat(Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(1).plusSeconds(10));
        assertThat(Instant.parse(body.getString("notAfter")))
                .isEqualTo(leaf.getNotAfter().toInstant());
        // the CA bundle is the mesh's CA and it signed the leaf
        X509Certificate ca = parse(body.getString("caBundle"));
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        // renewAfter is the 4/5 point of the lifetime measured from issuance
        Instant issued = leaf.getNotBefore().toInstant().plusSeconds(10);
        Instant renewAfter = Instant.parse(body.getString("renewAfter"));
        assertThat(Duration.between(issued, renewAfter))
                .isBetween(
                        Duration.ofMinutes(48).minusSeconds(2),
                        Duration.ofMinutes(48).plusSeconds(2));
    }

    @Test
    void acceptsEcCsrsOnP256AndP384() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1")) {
            KeyPair key = ec(curve);
            String pem = mint(MESH, "backend-1", json(csr(key)))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getString("certificate");
            assertThat(parse(pem).getPublicKey()).isEqualTo(key.getPublic());
        }
    }

    @Test
    void generatesTheKeyWhenNoCsrIsSent() throws Exception {
        JsonPath rsa =
                mint(MESH, "web-1", "{}").then().statusCode(200).extract().jsonPath();
        assertThat(rsa.getString("privateKey")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        var leaf = parse(rsa.getString("certificate"));
        var key = PemCodec.parsePrivateKey(rsa.getString("privateKey"));
        assertThat(((RSAPrivateCrtKey) key).getModulus()).isEqualTo(((RSAPublicKey) leaf.getPublicKey()).getModulus());
        assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength())
                .isEqualTo(2048);

        JsonPath ec = mint(MESH, "web-1", "{\"keyType\":\"ecdsa-p256\"}")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(ec.getString("privateKey")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(parse(ec.getString("certificate")).getPublicKey().getAlgorithm())
                .isEqualTo("EC");
        assertThat(ec.getInt("certificateRegenerations")).isEqualTo(2);
    }

    @Test
    void refusesBadRequestsWithAViolation() throws Exception {
        mint(MESH, "web-1", json("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not issue a certificate"))
                .body("invalid_parameters[0].field", equalTo("csr"));
        mint(MESH, "web-1", json(csr(rsa(1024))))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("csr"))
                .body("invalid_parameters[0].reason", containsString("1024"));
        mint(MESH, "web-1", json(csr(ec("secp521r1"))))
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("csr"));
        mint(MESH, "web-1", "{\"keyType\":\"dsa\"}")
                .then()
                .statusCode(400)
                .body("invalid_parameters[0].field", equalTo("keyType"));
        mint(MESH, "web-1", "{\"csr\":\"x\",\"keyType\":\"rsa2048\"}")
                .then()
                .statusCode(400)
                .body("invalid_parameters.field", hasItem("keyType"));
        mint(MESH, "web-1", "{\"cert\":1}").then().statusCode(400).body("invalid_parameters[0].field", equalTo("cert"));
        mint(MESH, "web-1", "not json").then().statusCode(400).body("title", equalTo("Bad Request"));
        mint(MESH, "nobody", "{}").then().statusCode(404);
        mint("no-such-mesh", "web-1", "{}").then().statusCode(404);
        // nothing above was recorded
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("none"));
    }

    @Test
    void refusesWhenMtlsIsDisabledAndResetsTheStatistics() {
        mint(MESH, "web-1", "{}").then().statusCode(200);
        putMesh(Meshes.plain(MESH));
        mint(MESH, "web-1", "{}")
                .then()
                .statusCode(400)
                .body("detail", containsString("mTLS is disabled on mesh \"certs\""));
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("none"))
                .body("certificateRegenerations", nullValue());
    }

    @Test
    void countsEveryIssuanceAndShowsTheCurrentCertificate() {
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("none"))
                .body("renewalDue", equalTo(true));
        String first =
                mint(MESH, "web-1", "{}").then().statusCode(200).extract().path("serialNumber");
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("valid"))
                .body("renewalDue", equalTo(false))
                .body("serialNumber", equalTo(first))
                .body("certificateRegenerations", equalTo(1))
                .body("backend", equalTo("ca-1"))
                .body("privateKey", nullValue());
        String second =
                mint(MESH, "web-1", "{}").then().statusCode(200).extract().path("serialNumber");
        assertThat(second).isNotEqualTo(first);
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("serialNumber", equalTo(second))
                .body("certificateRegenerations", equalTo(2));
    }

    @Test
    void concurrentIssuancesForOneDataplaneAreAllCounted() throws Exception {
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> mint(MESH, "backend-1", "{\"keyType\":\"ecdsa-p256\"}")
                                .statusCode(),
                        pool));
            }
            for (var call : calls) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        given().get("/meshes/" + MESH + "/dataplanes/backend-1/certificate")
                .then()
                .statusCode(200)
                .body("certificateRegenerations", equalTo(n));
    }

    @Test
    void aMtlsChangeOrATagChangeMakesTheCertificateDue() {
        mint(MESH, "web-1", "{}").then().statusCode(200);
        mint(MESH, "backend-1", "{}").then().statusCode(200);
        putDataplane(dataplane(MESH, "web-1").tag("version", "v2"));
        given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("renew-due"))
                .body("renewalDue", equalTo(true))
                .body("reasons", hasItem("the dataplane's tags changed since issuance"));
        given().get("/meshes/" + MESH + "/dataplanes/backend-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("valid"));
        Instant before = Instant.parse(given().get("/meshes/" + MESH + "/dataplanes/backend-1/certificate")
                .then()
                .extract()
                .<String>path("renewAfter"));
        Instant changed = Instant.now();
        putMesh(Meshes.builtin(MESH).dpCertExpiration("2h"));
        // due within the renewal spread window (5% of the 1 h lifetime, 3 min), never later than before
        var status = given().get("/meshes/" + MESH + "/dataplanes/backend-1/certificate")
                .then()
                .statusCode(200)
                .body("reasons", hasItem("the mesh's mtls settings changed since issuance (renew by renewAfter)"))
                .extract()
                .jsonPath();
        Instant renewAfter = Instant.parse(status.getString("renewAfter"));
        assertThat(renewAfter).isBefore(before).isBetween(changed, Instant.now().plus(Duration.ofMinutes(3)));
        assertThat(status.getBoolean("renewalDue")).isEqualTo(!renewAfter.isAfter(Instant.now()));
        // a new certificate under the new settings is valid again, for 2 h
        String pem =
                mint(MESH, "backend-1", "{}").then().statusCode(200).extract().path("certificate");
        given().get("/meshes/" + MESH + "/dataplanes/backend-1/certificate")
                .then()
                .statusCode(200)
                .body("state", equalTo("valid"))
                .body("renewalDue", equalTo(false));
        assertThat(pem).isNotEmpty();
    }

    @Test
    void heartbeatsRecordContact() {
        given().post("/meshes/" + MESH + "/dataplanes/web-1/heartbeat").then().statusCode(204);
        String seen = given().get("/meshes/" + MESH + "/dataplanes/web-1/certificate")
                .then()
                .statusCode(200)
                .extract()
                .path("lastSeen");
        assertThat(Instant.parse(seen))
                .isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
        given().post("/meshes/" + MESH + "/dataplanes/nobody/heartbeat").then().statusCode(404);
    }

    @Test
    void countsIssuancesInKumasMetrics() {
        double before = gauge("cert_generation", MESH);
        mint(MESH, "web-1", "{}").then().statusCode(200);
        assertThat(gauge("cert_generation", MESH)).isEqualTo(before + 1);
        var latency =
                registry.find("ca_manager_get_cert").tag("backend_name", "ca-1").summary();
        assertThat(latency).isNotNull();
        assertThat(latency.count()).isGreaterThanOrEqualTo(1);
    }

    @Inject
    CertificateGauges gauges;

    @Test
    void publishesEachMeshsCaExpiration() throws Exception {
        String bundle =
                mint(MESH, "web-1", "{}").then().statusCode(200).extract().path("caBundle");
        gauges.refresh().await().atMost(Duration.ofSeconds(10));
        var gauge = registry.find("ca_cert_expiration_timestamp_seconds")
                .tag("mesh", MESH)
                .tag("backend", "ca-1")
                .gauge();
        assertThat(gauge).isNotNull();
        assertThat((long) gauge.value())
                .isEqualTo(parse(bundle).getNotAfter().toInstant().getEpochSecond());
        // dataplanes per certificate state: web-1 has a certificate, backend-1 none
        assertThat(stateGauge(MESH, "valid")).isEqualTo(1);
        assertThat(stateGauge(MESH, "none")).isEqualTo(1);
        assertThat(stateGauge(MESH, "expired")).isZero();
        assertThat(stateGauge(MESH, "renew-due")).isZero();
        putDataplane(dataplane(MESH, "web-1").tag("version", "v9")); // tags changed: due now
        gauges.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(stateGauge(MESH, "renew-due")).isEqualTo(1);
        assertThat(stateGauge(MESH, "valid")).isZero();
        // a mesh without mTLS has no CA series
        putMesh(Meshes.plain(OTHER_MESH));
        gauges.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(registry.find("ca_cert_expiration_timestamp_seconds")
                        .tag("mesh", OTHER_MESH)
                        .gauge())
                .isNull();
    }

    private double stateGauge(String mesh, String state) {
        var gauge = registry.find("dataplane_certificates")
                .tag("mesh", mesh)
                .tag("state", state)
                .gauge();
        assertThat(gauge).as(mesh + "/" + state).isNotNull();
        return gauge.value();
    }

    private double gauge(String name, String mesh) {
        var gauge = registry.find(name).tag("mesh", mesh).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
