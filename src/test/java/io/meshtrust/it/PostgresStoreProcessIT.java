package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshtrust.store.postgres.PostgresTestServer;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server with {@code KUMA_STORE_TYPE=postgres} and {@code KUMA_STORE_POSTGRES_*} from the environment:
 * what one process writes survives its restart and is read by a second process on the same database, and a user
 * token issued by one is accepted by the other (keys come from the shared store).
 */
class PostgresStoreProcessIT {

    private static final int MINTS = 12;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void stateLivesInPostgresAcrossRestartsAndReplicas() throws Exception {
        Map<String, String> env = Replica.postgresEnv(PostgresTestServer.newDatabase());

        String token;
        String clusterId;
        try (var first = start("pg-1", env)) {
            clusterId = clusterId(first);
            assertThat(clusterId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(send(
                                    first,
                                    "PUT",
                                    "/meshes/persisted",
                                    Meshes.plain("persisted").json(),
                                    null)
                            .statusCode())
                    .isEqualTo(201);
            var issued = send(first, "POST", "/tokens/user", "{\"name\":\"carol\",\"validFor\":\"1h\"}", null);
            assertThat(issued.statusCode()).isEqualTo(200);
            token = issued.body();

            try (var second = start("pg-2", env)) {
                // one cluster id per database: the second replica reads the first one's
                assertThat(clusterId(second)).isEqualTo(clusterId);
                assertThat(send(second, "GET", "/meshes/persisted", null, null).statusCode())
                        .isEqualTo(200);
                var whoAmI = send(second, "GET", "/who-am-i", null, token);
                assertThat(whoAmI.body()).contains("\"name\":\"carol\"");
                // a write through the second is seen by the first
                send(
                        second,
                        "PUT",
                        "/meshes/from-second",
                        Meshes.plain("from-second").json(),
                        null);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> send(first, "GET", "/meshes/from-second", null, null)
                                        .statusCode()
                                == 200);

                // certificates minted through both replicas at once: every issuance counted, seen by both
                assertThat(send(
                                        first,
                                        "PUT",
                                        "/meshes/minted",
                                        Meshes.builtin("minted").json(),
                                        null)
                                .statusCode())
                        .isEqualTo(201);
                assertThat(send(
                                        first,
                                        "PUT",
                                        "/meshes/minted/dataplanes/dp-1",
                                        Dataplanes.web("minted", "dp-1")
                                                .port(80)
                                                .noServicePort()
                                                .json(),
                                        null)
                                .statusCode())
                        .isEqualTo(201);
                var pool = Executors.newFixedThreadPool(8);
                try {
                    var calls = new ArrayList<Future<Integer>>();
                    for (int i = 0; i < MINTS; i++) {
                        var via = i % 2 == 0 ? first : second;
                        calls.add(pool.submit(() -> send(
                                        via,
                                        "POST",
                                        "/meshes/minted/dataplanes/dp-1/certificate",
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
                for (var replica : List.of(first, second)) {
                    assertThat(send(replica, "GET", "/meshes/minted/dataplanes/dp-1/certificate", null, null)
                                    .body())
                            .contains("\"certificateRegenerations\":" + MINTS)
                            .contains("\"state\":\"valid\"");
                }
                // Kuma's metric names, exactly, on the diagnostics port
                String metrics = http.send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://127.0.0.1:" + first.diagnosticsPort() + "/q/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(metrics)
                        .contains("cert_generation{mesh=\"minted\"")
                        .contains("ca_manager_get_cert_count{backend_name=\"ca-1\"")
                        .contains("ca_manager_get_cert_bucket{backend_name=\"ca-1\"");
            }
        }
        try (var restarted = start("pg-3", env)) {
            // the cluster id survives restarts
            assertThat(clusterId(restarted)).isEqualTo(clusterId);
            assertThat(send(restarted, "GET", "/meshes/persisted", null, null).statusCode())
                    .isEqualTo(200);
            assertThat(send(restarted, "GET", "/who-am-i", null, token).body()).contains("\"name\":\"carol\"");
            // exactly one user-token signing key and one admin token, however many processes started
            String keys = send(restarted, "GET", "/global-secrets?name=user-token-signing-key", null, null)
                    .body();
            assertThat(keys).contains("\"total\":1");
            String admin = send(restarted, "GET", "/global-secrets?name=admin-user-token", null, null)
                    .body();
            assertThat(admin).contains("\"total\":1");
            // the statistics survive restarts
            assertThat(send(restarted, "GET", "/meshes/minted/dataplanes/dp-1/certificate", null, null)
                            .body())
                    .contains("\"certificateRegenerations\":" + MINTS);
        }
    }

    /** The index's {@code clusterId}. */
    static String clusterId(Replica replica) {
        var m = Pattern.compile("\"clusterId\":\\s*\"([^\"]*)\"")
                .matcher(replica.get("/").body());
        assertThat(m.find()).as("clusterId in the index").isTrue();
        return m.group(1);
    }

    private Replica start(String name, Map<String, String> env) {
        return Replica.start(name, env, temp);
    }

    private HttpResponse<String> send(Replica server, String method, String path, String body, String token) {
        return server.send(method, path, body, token);
    }
}
