package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import io.meshtrust.store.postgres.PostgresTestServer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 5: a user-token signing key that is broken in the store (written into the database, past role
 * validation) must not stop the server. With the highest serial broken, {@code TokenBootstrap} starts and serves,
 * does not generate the admin token, logs a line naming the secret but not its data, and {@code POST /tokens/user}
 * is a 503 naming it; once the key is deleted through the API, the next start generates the admin token
 * (docs/kuma-tokens.md §6.1, §10; Kuma's {@code pkg/tokens/builtin/issuer/signing_key_manager.go}).
 *
 * <p>PostgreSQL, because it is the only store that outlives a restart: the key is planted with SQL while the server
 * is down, as an operator restoring a bad backup would.
 */
class BrokenSigningKeyStartupIT {

    private static final String BROKEN = "user-token-signing-key-2";
    private static final String ADMIN = "admin-user-token";
    /** A log line at WARN or ERROR (the console format puts the level after the timestamp). */
    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\s(WARN|ERROR)\\s");

    @TempDir
    Path temp;

    @Test
    void aBrokenNewestKeyLeavesTheServerServingWithoutAnAdminTokenUntilItIsDeleted() throws Exception {
        var db = PostgresTestServer.newDatabase();
        Map<String, String> env = Replica.postgresEnv(db);

        // 1. an empty database: key 1 and the admin token are generated; a token signed by key 1 for later
        String carol;
        try (var first = Replica.start("boot-empty", env, temp)) {
            assertThat(first.get("/global-secrets/" + ADMIN).statusCode()).isEqualTo(200);
            var issued = first.send("POST", "/tokens/user", "{\"name\":\"carol\",\"validFor\":\"1h\"}", null);
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
            carol = issued.body();
        }

        // 2. key 2 (the newest) holds something that is not an RSA private key; the admin token is gone
        byte[] notAKey = "not a key (planted by BrokenSigningKeyStartupIT)".getBytes(StandardCharsets.US_ASCII);
        try (var sql = connect(db)) {
            plantKey2(sql, notAKey);
            try (var delete = sql.prepareStatement("delete from resources where mesh = '' and name = ?")) {
                delete.setString(1, ADMIN);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
        }
        try (var broken = Replica.start("boot-not-pem", env, temp)) {
            assertServesWithoutAdminToken(broken, carol, notAKey);
        }

        // the second case: valid PEM, but a CERTIFICATE, not a key
        byte[] certificate = selfSignedCertificate().getBytes(StandardCharsets.US_ASCII);
        storeKey2Data(db, Base64.getEncoder().encodeToString(certificate));
        try (var broken = Replica.start("boot-certificate", env, temp)) {
            assertServesWithoutAdminToken(broken, carol, certificate);
        }

        // the third case: stored data that is not even base64 (no API write could store it)
        String notBase64 = "%%% planted, not base64 %%%";
        storeKey2Data(db, notBase64);
        try (var broken = Replica.start("boot-not-base64", env, temp)) {
            assertServesWithoutAdminToken(broken, carol, notBase64.getBytes(StandardCharsets.US_ASCII));

            // 4. fixed through the API, where it can be fixed while the server runs
            var deleted = broken.send("DELETE", "/global-secrets/" + BROKEN, null, null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        }

        try (var fixed = Replica.start("boot-fixed", env, temp)) {
            var admin = fixed.get("/global-secrets/" + ADMIN);
            assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
            String adminToken = new String(
                    Base64.getDecoder().decode(new JsonObject(admin.body()).getString("data")),
                    StandardCharsets.US_ASCII);
            assertThat(fixed.send("GET", "/who-am-i", null, adminToken).body())
                    .contains("\"name\":\"mesh-system:admin\"");

            var issued = fixed.send("POST", "/tokens/user", "{\"name\":\"dave\",\"validFor\":\"1h\"}", null);
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
            var whoAmI = fixed.send("GET", "/who-am-i", null, issued.body());
            assertThat(whoAmI.statusCode()).as(whoAmI.body()).isEqualTo(200);
            assertThat(whoAmI.body()).contains("\"name\":\"dave\"");
            assertThat(fixed.process().output()).contains("Admin User Token not found. Generating.");
            assertNoUnhandledError(fixed);
        }
    }

    /** 3. What a start with a broken newest key must look like. */
    private static void assertServesWithoutAdminToken(Replica server, String olderToken, byte[] planted) {
        List<Integer> statuses = new ArrayList<>();

        var root = server.get("/");
        statuses.add(root.statusCode());
        assertThat(root.statusCode()).as(root.body()).isEqualTo(200);

        var admin = server.get("/global-secrets/" + ADMIN);
        statuses.add(admin.statusCode());
        assertThat(admin.statusCode())
                .as("the admin token must not be generated: " + admin.body())
                .isEqualTo(404);

        HttpResponse<String> issue =
                server.send("POST", "/tokens/user", "{\"name\":\"erin\",\"validFor\":\"1h\"}", null);
        statuses.add(issue.statusCode());
        assertThat(issue.statusCode()).as(issue.body()).isEqualTo(503);
        var error = new JsonObject(issue.body());
        assertThat(error.getString("type")).isEqualTo("/std-errors");
        assertThat(error.getInteger("status")).isEqualTo(503);
        assertThat(error.getString("title")).isNotBlank();
        assertThat(error.getString("detail")).contains(BROKEN);
        assertThat(issue.body()).doesNotContain(Base64.getEncoder().encodeToString(planted));

        // the broken key does not take the good one with it: key 1's tokens still authenticate
        var whoAmI = server.send("GET", "/who-am-i", null, olderToken);
        statuses.add(whoAmI.statusCode());
        assertThat(whoAmI.body()).contains("\"name\":\"carol\"");
        // and the broken secret can be read and listed, to be fixed
        var listed = server.get("/global-secrets?name=user-token-signing-key");
        statuses.add(listed.statusCode());
        assertThat(listed.body()).contains("\"total\":2");
        statuses.add(server.get("/global-secrets/" + BROKEN).statusCode());
        assertThat(statuses).doesNotContain(500).allMatch(s -> s < 500 || s == 503);

        String log = server.process().output();
        assertThat(log.lines().filter(line -> WARN_OR_ERROR.matcher(line).find() && line.contains(BROKEN)))
                .as("a WARN or ERROR line naming " + BROKEN + " in:\n" + log)
                .isNotEmpty();
        assertThat(log.lines()
                        .filter(line -> line.contains(" ERROR ")
                                && line.contains("admin token is not generated")
                                && line.contains(BROKEN)))
                .as("an ERROR saying the admin token is not generated, naming " + BROKEN)
                .isNotEmpty();
        for (String fragment : fragments(planted)) {
            assertThat(log).as("the log quotes the planted data").doesNotContain(fragment);
        }
        assertNoUnhandledError(server);
    }

    /** A request that ended in an unexpected exception (a 500) is logged by ErrorMapper, or by Quarkus. */
    private static void assertNoUnhandledError(Replica server) {
        assertThat(server.process().output()).doesNotContain("Internal error").doesNotContain("failed, error id");
    }

    /**
     * Pieces of the planted data, raw and as base64, long enough to be unique: the data itself when short, else
     * overlapping 24-character windows of its text without PEM armour lines.
     */
    private static List<String> fragments(byte[] planted) {
        String text = new String(planted, StandardCharsets.US_ASCII);
        String body = text.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        List<String> fragments = new ArrayList<>();
        for (String s : List.of(body, Base64.getEncoder().encodeToString(planted))) {
            if (s.length() <= 24) {
                fragments.add(s);
                continue;
            }
            for (int i = 0; i + 24 <= s.length(); i += 8) {
                fragments.add(s.substring(i, i + 24));
            }
        }
        return fragments;
    }

    private static Connection connect(PostgresTestServer.Database db) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name(), db.user(), db.password());
    }

    /** A copy of key 1's row (same type and labels) named with serial 2, holding {@code data}. */
    private static void plantKey2(Connection sql, byte[] data) throws SQLException {
        try (var insert = sql.prepareStatement("insert into resources "
                + "(type, mesh, name, version, creation_time, modification_time, labels, spec) "
                + "select type, mesh, ?, 1, now(), now(), labels, jsonb_build_object('data', ?::text) "
                + "from resources where mesh = '' and name = 'user-token-signing-key-1'")) {
            insert.setString(1, BROKEN);
            insert.setString(2, Base64.getEncoder().encodeToString(data));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    /** Replaces key 2's stored {@code data} (normally base64) with {@code stored}, as it is. */
    private static void storeKey2Data(PostgresTestServer.Database db, String stored) throws SQLException {
        try (var sql = connect(db);
                var update = sql.prepareStatement(
                        "update resources set spec = jsonb_build_object('data', ?::text), version = version + 1 "
                                + "where mesh = '' and name = ?")) {
            update.setString(1, stored);
            update.setString(2, BROKEN);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static String selfSignedCertificate() throws Exception {
        KeyPair keys = RsaKeys.generate(RsaKeys.SIGNING_KEY_BITS);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=not-a-signing-key"),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name("CN=not-a-signing-key"),
                keys.getPublic());
        var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
        return PemCodec.encodeCertificate(builder.build(signer).getEncoded());
    }
}
