package io.meshtrust.ca;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provided CA (docs/kuma-ca-insights.md §3, Kuma tests §11.2, §11.3, §11.6): Kuma's fixtures are accepted (root,
 * third-party root, intermediate chain), each failing rule is shown with a certificate built to break it, data
 * sources report Kuma's load errors, and Secrets in use by a backend cannot be deleted.
 */
@QuarkusTest
class ProvidedCaTest {

    static final String MESH = "provided-mesh";

    @BeforeEach
    void freshMesh() {
        given().delete("/meshes/" + MESH);
        Meshes.plain(MESH).put().then().statusCode(201);
    }

    static String fixture(String name) {
        try (var in = ProvidedCaTest.class.getResourceAsStream("/kuma/provided-ca/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    static Response provided(String conf) {
        return Meshes.plain(MESH)
                .backend("ca-1", "provided")
                .conf(conf)
                .enabled("ca-1")
                .put();
    }

    static String inline(String cert, String key) {
        var conf = JsonNodeFactory.instance.objectNode();
        conf.putObject("cert").put("inlineString", cert);
        conf.putObject("key").put("inlineString", key);
        return conf.toString();
    }

    @Test
    void acceptsKumasFixtures() {
        provided(inline(fixture("ca.pem"), fixture("ca.key"))).then().statusCode(200);
        provided(inline(fixture("root-ca.pem"), fixture("root-ca.key"))).then().statusCode(200);
        provided(inline(fixture("intermediate-chain.pem"), fixture("intermediate-ca.key")))
                .then()
                .statusCode(200);
        given().get("/meshes/" + MESH).then().body("mtls.backends[0].type", equalTo("provided"));
    }

    @Test
    void readsFileSources() throws Exception {
        var dir = Files.createTempDirectory("provided-ca");
        Files.writeString(dir.resolve("ca.pem"), fixture("ca.pem"));
        Files.writeString(dir.resolve("ca.key"), fixture("ca.key"));
        Meshes.plain(MESH)
                .providedFileBackend("ca-1", dir.resolve("ca.pem"), dir.resolve("ca.key"))
                .enabled("ca-1")
                .put()
                .then()
                .statusCode(200);
        String base64 = Base64.getEncoder().encodeToString(fixture("ca.pem").getBytes(StandardCharsets.US_ASCII));
        String keyBase64 = Base64.getEncoder().encodeToString(fixture("ca.key").getBytes(StandardCharsets.US_ASCII));
        Meshes.plain(MESH)
                .providedInlineBackend("ca-1", base64, keyBase64)
                .enabled("ca-1")
                .put()
                .then()
                .statusCode(200);
    }

    @Test
    void missingAndEmptySourcesAreNamed() {
        provided("{}")
                .then()
                .statusCode(400)
                .body("title", equalTo("Failed to update a resource"))
                .body(
                        "invalid_parameters.field",
                        equalTo(List.of("mtls.backends[0].conf.cert", "mtls.backends[0].conf.key")))
                .body("invalid_parameters.reason", equalTo(List.of("has to be defined", "has to be defined")));
        provided("{\"cert\":{},\"key\":{\"secret\":null}}")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters.reason",
                        equalTo(List.of(
                                "data source has to be chosen. Available sources: secret, file, inline",
                                "data source has to be chosen. Available sources: secret, file, inline")));
        provided("{\"cert\":{\"secret\":\"\"},\"key\":{\"inline\":\"\"}}")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters.field",
                        equalTo(List.of("mtls.backends[0].conf.cert.secret", "mtls.backends[0].conf.key.inline")))
                .body("invalid_parameters.reason", equalTo(List.of("cannot be empty", "cannot be empty")));
    }

    @Test
    void loadErrorsAreReportedUnderBothFields() {
        provided("{\"cert\":{\"file\":\"/tmp/non-existing-file\"},\"key\":{\"file\":\"/tmp/non-existing-file\"}}")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters.field",
                        equalTo(List.of("mtls.backends[0].conf.cert", "mtls.backends[0].conf.key")))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("could not load data: open /tmp/non-existing-file: no such file or directory"));
        provided("{\"cert\":{\"secret\":\"nope\"},\"key\":{\"secret\":\"nope\"}}")
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[1].reason",
                        equalTo("could not load data: resource not found: " + "type=\"Secret\" name=\"nope\" mesh=\""
                                + MESH + "\""));
        provided("{\"cert\":{\"inline\":\"dGVzdA==\"},\"key\":{\"inline\":\"dGVzdA==\"}}")
                .then()
                .statusCode(400)
                .body("invalid_parameters.field", equalTo(List.of("mtls.backends[0].conf.cert")))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("not a valid TLS key pair: tls: failed to find any PEM data in certificate input"));
    }

    @Test
    void keyPairMustMatch() {
        provided(inline(fixture("ca.pem"), fixture("root-ca.key")))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("not a valid TLS key pair: tls: private key does not match public key"));
        provided(inline(fixture("ca.key"), fixture("ca.key")))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo(
                                "not a valid TLS key pair: tls: failed to find certificate "
                                        + "PEM data in certificate input, but did find a private key; PEM inputs may have been switched"));
        provided(inline("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", fixture("ca.key")))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo(
                                "not a valid TLS key pair: tls: failed to find "
                                        + "\"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [FOO]"));
        provided(inline(fixture("ca.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("not a valid TLS key pair: tls: failed to parse private key"));
        provided(inline(fixture("ca.pem"), ecKey()))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("not a valid TLS key pair: tls: private key type does not match public key type"));
        provided(inline(fixture("ca.pem"), fixture("ca.pem")))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters[0].reason",
                        equalTo(
                                "not a valid TLS key pair: tls: found a certificate rather than a key in the PEM for the private key"));
    }

    @Test
    void everyCertificateMustBeASigningCa() throws Exception {
        String notCa = "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)";
        String noSign = "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)";
        String keyAgreement =
                "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)";
        check(cert(null, null), List.of(notCa, noSign));
        check(cert(true, null), List.of(noSign));
        check(cert(true, KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.keyAgreement), List.of(keyAgreement));
        check(
                cert(false, KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyEncipherment),
                List.of(notCa, noSign, keyAgreement));
    }

    @Test
    void secretsInUseCannotBeDeleted() {
        putSecret("my-ca-cert", fixture("ca.pem"));
        putSecret("my-ca-key", fixture("ca.key"));
        putSecret("unused", "x");
        Meshes.provided(MESH, "my-ca-cert", "my-ca-key").put().then().statusCode(200);
        given().delete("/meshes/" + MESH + "/secrets/my-ca-cert")
                .then()
                .statusCode(400)
                .body("title", equalTo("Could not delete a resource"))
                .body("invalid_parameters[0].field", equalTo("name"))
                .body(
                        "invalid_parameters[0].reason",
                        equalTo("The secret \"my-ca-cert\" that you are trying to remove is "
                                + "currently in use in Mesh \"" + MESH
                                + "\" in mTLS backend \"ca-1\". Please remove the reference "
                                + "from the \"ca-1\" backend before removing the secret."));
        given().get("/meshes/" + MESH + "/secrets/my-ca-cert").then().statusCode(200);
        given().delete("/meshes/" + MESH + "/secrets/unused").then().statusCode(200);

        // builtin CA secrets are guarded too
        Meshes.plain(MESH).builtinBackend("ca-9").put().then().statusCode(200);
        given().delete("/meshes/" + MESH + "/secrets/" + MESH + ".ca-builtin-cert-ca-9")
                .then()
                .statusCode(400);
    }

    private static String ecKey() {
        try {
            var g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return PemCodec.encodePrivateKey(g.generateKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putSecret(String name, String pem) {
        given().header("Content-Type", "application/json")
                .body("{\"type\":\"Secret\",\"mesh\":\"" + MESH + "\",\"name\":\""
                        + name + "\",\"data\":\""
                        + Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII))
                        + "\"}")
                .put("/meshes/" + MESH + "/secrets/" + name)
                .then()
                .statusCode(201);
    }

    private static void check(String[] certAndKey, List<String> expected) {
        provided(inline(certAndKey[0], certAndKey[1]))
                .then()
                .statusCode(400)
                .body(
                        "invalid_parameters.field",
                        equalTo(expected.stream()
                                .map(e -> "mtls.backends[0].conf.cert[0]")
                                .toList()))
                .body("invalid_parameters.reason", equalTo(expected));
    }

    /** A self-signed RSA-2048 certificate, serial 0, with the given basic constraint and key usage (null = absent). */
    static String[] cert(Boolean ca, Integer keyUsage) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        var name = new X500Name("CN=test-ca");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(
                name, BigInteger.ZERO, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic());
        if (ca != null) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        }
        if (keyUsage != null) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        var cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        return new String[] {PemCodec.encodeCertificates(List.of(cert)), PemCodec.encodePrivateKey(keys)};
    }
}
