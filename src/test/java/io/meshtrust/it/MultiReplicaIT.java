package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.store.postgres.PostgresTestServer;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 3: three processes from the packaged jar on one PostgreSQL behave as one control plane. Started
 * together on an empty database they create every one-time thing exactly once; what one replica writes (tokens,
 * revocations, deleted keys, certificates) the others honour.
 */
class MultiReplicaIT {

    static final int ROUNDS = 5;
    /** The contract of docs/product.md §3: every replica sees a change within 1 s. */
    static final Duration PROPAGATION = Duration.ofSeconds(1);

    @TempDir
    Path temp;

    static String mesh(String name) {
        return Meshes.builtin(name).json();
    }

    static String dataplane(String mesh, String name) {
        return Dataplanes.web(mesh, name).port(80).noServicePort().json();
    }

    static int total(Replica replica, String path) {
        String body = replica.get(path).body();
        var m = Pattern.compile("\"total\":\\s*(\\d+)").matcher(body);
        assertThat(m.find()).as(path + " → " + body).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void startedTogetherOnAnEmptyDatabaseTheyCreateEachOneTimeThingOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            var env = Replica.postgresEnv(PostgresTestServer.newDatabase());
            List<Replica> replicas = Replica.startTogether("r" + round, 3, env, temp);
            try {
                var any = replicas.get(0);
                // one cluster id, whichever replica stored it
                String clusterId = PostgresStoreProcessIT.clusterId(any);
                for (Replica r : replicas) {
                    assertThat(PostgresStoreProcessIT.clusterId(r))
                            .as("round " + round)
                            .isEqualTo(clusterId);
                }
                assertThat(total(any, "/global-secrets?name=user-token-signing-key"))
                        .as("round " + round)
                        .isEqualTo(1);
                assertThat(total(any, "/global-secrets?name=zone-token-signing-key"))
                        .as("round " + round)
                        .isEqualTo(1);
                assertThat(total(any, "/global-secrets?name=admin-user-token"))
                        .as("round " + round)
                        .isEqualTo(1);

                // the same builtin mesh PUT through all three at once: one CA pair, one dataplane signing key
                List<CompletableFuture<Integer>> puts = new ArrayList<>();
                for (Replica r : replicas) {
                    puts.add(CompletableFuture.supplyAsync(() -> r.send("PUT", "/meshes/shared", mesh("shared"), null)
                            .statusCode()));
                }
                // one create wins; the others become updates, and an update that loses its race is a 409 (optimistic
                // concurrency, as in Kuma) — never a second CA
                List<Integer> statuses = new ArrayList<>();
                for (var put : puts) {
                    statuses.add(put.get());
                }
                assertThat(statuses)
                        .as("round " + round)
                        .containsOnlyOnce(201)
                        .allMatch(s -> s == 200 || s == 201 || s == 409);
                assertThat(total(any, "/meshes/shared/secrets?name=ca-builtin-cert"))
                        .isEqualTo(1);
                assertThat(total(any, "/meshes/shared/secrets?name=ca-builtin-key"))
                        .isEqualTo(1);
                assertThat(total(any, "/meshes/shared/secrets?name=dataplane-token-signing-key"))
                        .isEqualTo(1);
                // and every replica mints with that one CA, whose key matches its certificate
                assertThat(any.send("PUT", "/meshes/shared/dataplanes/dp-1", dataplane("shared", "dp-1"), null)
                                .statusCode())
                        .isEqualTo(201);
                Set<String> bundles = new HashSet<>();
                for (Replica r : replicas) {
                    var minted = r.send(
                            "POST", "/meshes/shared/dataplanes/dp-1/certificate", "{\"keyType\":\"ecdsa-p256\"}", null);
                    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
                    var json = new JsonObject(minted.body());
                    var leaf = PemCodec.parseCertificates(json.getString("certificate"))
                            .get(0);
                    var ca = PemCodec.parseCertificates(json.getString("caBundle"))
                            .get(0);
                    leaf.verify(ca.getPublicKey());
                    bundles.add(json.getString("caBundle"));
                }
                assertThat(bundles).hasSize(1);
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    @Test
    void whatOneReplicaWritesTheOthersHonour() throws Exception {
        var env = Replica.postgresEnv(PostgresTestServer.newDatabase());
        List<Replica> replicas = Replica.startTogether("w", 3, env, temp);
        try {
            Replica a = replicas.get(0);
            Replica b = replicas.get(1);
            Replica c = replicas.get(2);

            // a token issued by one replica validates on the others
            String token = a.send(
                            "POST",
                            "/tokens/user",
                            "{\"name\":\"carol\",\"groups\":[\"ops\"],\"validFor\":\"1h\"}",
                            null)
                    .body();
            for (Replica r : replicas) {
                assertThat(r.send("GET", "/who-am-i", null, token).body()).contains("\"name\":\"carol\"");
            }
            // revoked through one: refused by the others within 1 s
            String jti = new JsonObject(
                            new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                    .getString("jti");
            String revocations = Base64.getEncoder().encodeToString(jti.getBytes(StandardCharsets.UTF_8));
            assertThat(a.send(
                                    "PUT",
                                    "/global-secrets/user-token-revocations",
                                    "{\"type\":\"GlobalSecret\"," + "\"name\":\"user-token-revocations\",\"data\":\""
                                            + revocations + "\"}",
                                    null)
                            .statusCode())
                    .isEqualTo(201);
            for (Replica r : List.of(b, c)) {
                await().atMost(PROPAGATION)
                        .pollInterval(Duration.ofMillis(25))
                        .until(() -> r.send("GET", "/who-am-i", null, token).statusCode() == 401);
            }

            // a deleted signing key: its tokens are refused everywhere within 1 s
            String other = b.send("POST", "/tokens/user", "{\"name\":\"dave\",\"validFor\":\"1h\"}", null)
                    .body();
            assertThat(c.send("GET", "/who-am-i", null, other).statusCode()).isEqualTo(200);
            assertThat(b.send("DELETE", "/global-secrets/user-token-signing-key-1", null, null)
                            .statusCode())
                    .isEqualTo(200);
            for (Replica r : List.of(a, c)) {
                await().atMost(PROPAGATION)
                        .pollInterval(Duration.ofMillis(25))
                        .until(() -> r.send("GET", "/who-am-i", null, other).statusCode() == 401);
            }

            // a certificate minted through one shows through another; concurrent minting through two keeps the count
            assertThat(a.send("PUT", "/meshes/m1", mesh("m1"), null).statusCode())
                    .isEqualTo(201);
            assertThat(a.send("PUT", "/meshes/m1/dataplanes/dp-1", dataplane("m1", "dp-1"), null)
                            .statusCode())
                    .isEqualTo(201);
            String serial = new JsonObject(a.send(
                                    "POST",
                                    "/meshes/m1/dataplanes/dp-1/certificate",
                                    "{\"keyType\":\"ecdsa-p256\"}",
                                    null)
                            .body())
                    .getString("serialNumber");
            assertThat(c.get("/meshes/m1/dataplanes/dp-1/certificate").body())
                    .contains("\"serialNumber\":\"" + serial + "\"")
                    .contains("\"certificateRegenerations\":1");
            int mints = 20;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < mints; i++) {
                    Replica via = i % 2 == 0 ? a : b;
                    calls.add(pool.submit(() -> via.send(
                                    "POST",
                                    "/meshes/m1/dataplanes/dp-1/certificate",
                                    "{\"keyType\":\"ecdsa-p256\"}",
                                    null)
                            .statusCode()));
                }
                for (var call : calls) {
                    assertThat(call.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Replica r : replicas) {
                assertThat(r.get("/meshes/m1/dataplanes/dp-1/certificate").body())
                        .contains("\"certificateRegenerations\":" + (mints + 1));
                // and in the insights a dashboard reads, whichever replica answers
                var overview = new JsonObject(
                        r.get("/meshes/m1/dataplanes+insights/dp-1").body());
                var mtls = overview.getJsonObject("dataplaneInsight").getJsonObject("mTLS");
                assertThat(mtls.getInteger("certificateRegenerations")).isEqualTo(mints + 1);
                assertThat(mtls.getString("issuedBackend")).isEqualTo("ca-1");
                assertThat(r.get("/meshes/m1/certificate-insights").body()).contains("\"valid\":1");
            }
        } finally {
            replicas.forEach(Replica::close);
        }
    }
}
