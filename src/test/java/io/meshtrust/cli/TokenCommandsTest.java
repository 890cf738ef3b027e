package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.util.io.pem.PemReader;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline {@code generate user-token|dataplane-token|zone-token} (docs/kuma-tokens.md §15, §17.10 #66-69): signatures checked
 * with jose4j against the public key printed by {@code generate public-key}, claims as the server writes them.
 */
class TokenCommandsTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00.700Z");

    @TempDir
    Path dir;

    Main.Context FIXED;

    Path key;
    String publicKeyPem;

    @BeforeEach
    void keyPair() throws Exception {
        FIXED = Cli.controlPlane(dir.resolve("config"), InstantSource.fixed(NOW), "http://127.0.0.1:9");
        key = dir.resolve("signing.pem");
        Files.writeString(
                key, Cli.run("generate", "signing-key", "--format=pem").out());
        publicKeyPem = Cli.run("generate", "public-key", "--signing-key-path", key.toString())
                .out();
    }

    @Test
    void offlineUserTokenIsSignedLikeTheServer() throws Exception {
        var r = Cli.run(
                FIXED,
                "generate",
                "user-token",
                "--name",
                "john",
                "--group",
                "team-a",
                "--group",
                "team-b",
                "--valid-for",
                "30s",
                "--signing-key-path",
                key.toString(),
                "--kid",
                "static-1");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).doesNotContain("\n");
        JsonWebSignature jws = verify(r.out());
        assertThat(jws.getHeaders().getFullHeaderAsJsonString())
                .isEqualTo("{\"alg\":\"RS256\",\"kid\":\"static-1\",\"typ\":\"JWT\"}");
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertThat(claims.getClaimValue("Name")).isEqualTo("john");
        assertThat(claims.getStringListClaimValue("Groups")).containsExactly("team-a", "team-b");
        long now = NOW.getEpochSecond();
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(now - 5);
        assertThat(claims.getNotBefore().getValue()).isEqualTo(now - 5);
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(now + 30);
        assertThat(claims.getJwtId()).matches("[0-9a-f-]{36}");
        assertThat(jws.getPayload()).startsWith("{\"Name\":\"john\",\"Groups\":[\"team-a\",\"team-b\"],\"exp\":");
    }

    @Test
    void groupsMayBeCommaSeparated() throws Exception {
        var r = Cli.run(
                "generate",
                "user-token",
                "--name",
                "n",
                "--group",
                "a,b",
                "--valid-for",
                "1h",
                "--signing-key-path",
                key.toString(),
                "--kid",
                "1");
        assertThat(JwtClaims.parse(verify(r.out()).getPayload()).getStringListClaimValue("Groups"))
                .containsExactly("a", "b");
    }

    @Test
    void offlineDataplaneTokenCarriesMeshTagsAndWorkload() throws Exception {
        var r = Cli.run(
                FIXED,
                "generate",
                "dataplane-token",
                "--name",
                "dp-1",
                "--mesh",
                "demo",
                "--tag",
                "kuma.io/service=web,api",
                "--tag",
                "version=v1",
                "--proxy-type",
                "dataplane",
                "--workload",
                "backend",
                "--valid-for",
                "24h",
                "--signing-key-path",
                key.toString(),
                "--kid",
                "1");
        assertThat(r.err()).isEmpty();
        JsonWebSignature jws = verify(r.out());
        assertThat(jws.getPayload())
                .startsWith("{\"Name\":\"dp-1\",\"Mesh\":\"demo\","
                        + "\"Tags\":{\"kuma.io/service\":[\"api\",\"web\"],\"version\":[\"v1\"]},"
                        + "\"Type\":\"dataplane\",\"Workload\":\"backend\",\"exp\":" + (NOW.getEpochSecond() + 86400)
                        + ",");
    }

    @Test
    void dataplaneTokenDefaultsAndProxyTypeCheck() throws Exception {
        var r = Cli.run(
                "generate", "dataplane-token", "--valid-for", "1h", "--signing-key-path", key.toString(), "--kid", "1");
        assertThat(verify(r.out()).getPayload())
                .startsWith("{\"Name\":\"\",\"Mesh\":\"default\",\"Tags\":{},\"Type\":\"\",\"Workload\":\"\",");
        assertThat(Cli.run("generate", "dataplane-token", "--proxy-type", "ingress", "--valid-for", "1h"))
                .isEqualTo(new Cli.Result(1, "", "Error: ingress is not a valid proxy type\n"));
        assertThat(Cli.run("generate", "dataplane-token", "--tag", "novalue", "--valid-for", "1h")
                        .err())
                .isEqualTo(
                        "Error: invalid argument \"novalue\" for \"--tag\" flag: novalue must be formatted as key=value\n");
    }

    @Test
    void offlineZoneToken() throws Exception {
        var r = Cli.run(
                "generate",
                "zone-token",
                "--zone",
                "my-zone",
                "--valid-for",
                "24h",
                "--signing-key-path",
                key.toString(),
                "--kid",
                "1");
        assertThat(r.exitCode()).isZero();
        JwtClaims claims = JwtClaims.parse(verify(r.out()).getPayload());
        assertThat(claims.getClaimValue("Zone")).isEqualTo("my-zone");
        assertThat(claims.getClaimValue("Scope")).isEqualTo(List.of());
        assertThat(Cli.run("generate", "zone-token", "--zone", "z", "--scope", "cp", "--valid-for", "1h")
                        .err())
                .isEqualTo("Error: invalid --scope values: [cp] (supported scopes: [])\n");
    }

    @Test
    void kumactlFlagErrors() {
        Map<List<String>, String> cases = Map.of(
                List.of("generate", "user-token"),
                "required flag(s) \"name\", \"valid-for\" not set",
                List.of("generate", "zone-token"),
                "required flag(s) \"valid-for\", \"zone\" not set",
                List.of("generate", "dataplane-token"),
                "required flag(s) \"valid-for\" not set",
                List.of("generate", "user-token", "--name", "a", "--valid-for", "1h", "--kid", "1"),
                "--kid cannot be used when --signing-key-path is used",
                List.of("generate", "user-token", "--name", "a", "--valid-for", "1h", "--signing-key-path", "k"),
                "--kid is required when --signing-key-path is used",
                List.of("generate", "zone-token", "--zone", "a", "--valid-for", "1h", "--signing-key-path", "k"),
                "--kid is required when --signing-key-path is used",
                List.of("generate", "user-token", "--name", "a", "--valid-for", "1d"),
                "invalid argument \"1d\" for \"--valid-for\" flag: time: unknown unit \"d\" in duration \"1d\"");
        cases.forEach((args, message) -> assertThat(Cli.run(args.toArray(String[]::new)))
                .as(args.toString())
                .isEqualTo(new Cli.Result(1, "", "Error: " + message + "\n")));
    }

    @Test
    void offlineTokenWithAMissingOrNonPemKeyIsAUserError() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "nope");
        var r = Cli.run(
                "generate",
                "user-token",
                "--name",
                "a",
                "--valid-for",
                "1h",
                "--kid",
                "1",
                "--signing-key-path",
                bad.toString());
        assertThat(r).isEqualTo(new Cli.Result(1, "", "Error: provided file is not a PEM-encoded signing key\n"));
        r = Cli.run(
                "generate",
                "dataplane-token",
                "--valid-for",
                "1h",
                "--kid",
                "1",
                "--signing-key-path",
                dir.resolve("missing").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: could not read a signing key file: ");
    }

    @Test
    void onlineTokenWithoutAReachableServerIsANetworkError() {
        // FIXED points at 127.0.0.1:9 (discard), where nothing listens
        var r = Cli.run(FIXED, "generate", "zone-token", "--zone", "z", "--valid-for", "1h");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(
                        "Error: failed to generate a zone token: could not connect to API http://127.0.0.1:9: connection refused\n");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(Cli.run(FIXED, "generate", "dataplane-token", "--valid-for", "0s")
                        .err())
                .isEqualTo("Error: failed to generate a dataplane token: You must set a token validFor value\n");
    }

    private JsonWebSignature verify(String token) throws Exception {
        var jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256));
        jws.setCompactSerialization(token);
        var pkcs1 = RSAPublicKey.getInstance(
                new PemReader(new StringReader(publicKeyPem)).readPemObject().getContent());
        jws.setKey(KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(pkcs1.getModulus(), pkcs1.getPublicExponent())));
        assertThat(jws.verifySignature()).as("signature").isTrue();
        return jws;
    }
}
