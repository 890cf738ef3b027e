package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshtrust.store.postgres.PostgresTestServer;
import io.meshtrust.testsupport.Meshes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 4: PostgreSQL stops under load and comes back. Meanwhile every request gets an answer — a clear 503
 * in Kuma's error shape, never a hang or a 500 — readiness goes down, and when the database returns everything
 * recovers by itself; no write that was acknowledged is lost.
 */
class PostgresOutageIT {

    @TempDir
    Path temp;

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String secret(int i) {
        return "{\"type\":\"Secret\",\"mesh\":\"outage\",\"name\":\"s-" + i + "\",\"data\":\"c2VjcmV0\"}";
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutLosingAcknowledgedWrites() throws Exception {
        Path data = Files.createDirectories(temp.resolve("pgdata"));
        int port = freePort();
        EmbeddedPostgres pg = postgres(data, port);
        try (var conn = pg.getPostgresDatabase().getConnection();
                var st = conn.createStatement()) {
            st.execute("create database outage");
        }
        var db = new PostgresTestServer.Database("localhost", port, "postgres", "postgres", "outage");
        Map<String, String> env = new LinkedHashMap<>(Replica.postgresEnv(db));
        env.put("KUMA_STORE_POSTGRES_CONNECTION_TIMEOUT", "2");
        try (Replica server = Replica.start("outage", env, temp)) {
            assertThat(server.send(
                                    "PUT",
                                    "/meshes/outage",
                                    Meshes.plain("outage").json(),
                                    null)
                            .statusCode())
                    .isEqualTo(201);

            var acknowledged = new ConcurrentLinkedQueue<Integer>();
            var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
            var unexpected = new ConcurrentLinkedQueue<String>();
            var running = new AtomicBoolean(true);
            var next = new AtomicInteger();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                var thread = new Thread(
                        () -> {
                            while (running.get()) {
                                int i = next.incrementAndGet();
                                try {
                                    HttpResponse<String> put =
                                            server.send("PUT", "/meshes/outage/secrets/s-" + i, secret(i), null);
                                    statuses.computeIfAbsent(put.statusCode(), s -> new AtomicInteger())
                                            .incrementAndGet();
                                    if (put.statusCode() == 201) {
                                        acknowledged.add(i);
                                    } else if (put.statusCode() != 503
                                            || !put.body().contains("\"status\":503")) {
                                        unexpected.add(put.statusCode() + " " + put.body());
                                    }
                                    HttpResponse<String> read = server.get("/meshes/outage/secrets?size=1");
                                    statuses.computeIfAbsent(read.statusCode(), s -> new AtomicInteger())
                                            .incrementAndGet();
                                    if (read.statusCode() != 200 && read.statusCode() != 503) {
                                        unexpected.add(read.statusCode() + " " + read.body());
                                    }
                                } catch (RuntimeException e) {
                                    // the client waits 30 s: a timeout here means the server hung
                                    unexpected.add("no answer: " + e);
                                }
                            }
                        },
                        "load-" + t);
                thread.start();
                load.add(thread);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 20);

            pg.close(); // PostgreSQL goes away under load
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses.containsKey(503));
            await().atMost(Duration.ofSeconds(60)).until(() -> server.diagnostics("/q/health/ready") == 503);
            assertThat(server.diagnostics("/q/health/live")).isEqualTo(200);
            int acknowledgedBeforeRestart = acknowledged.size();

            pg = postgres(data, port); // and comes back
            await().atMost(Duration.ofSeconds(90)).until(() -> server.diagnostics("/q/health/ready") == 200);
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > acknowledgedBeforeRestart + 10);
            running.set(false);
            for (Thread thread : load) {
                thread.join(60_000);
            }

            assertThat(unexpected).as("answers other than 2xx or Kuma's 503").isEmpty();
            assertThat(statuses).doesNotContainKey(500);
            for (int i : acknowledged) {
                assertThat(server.get("/meshes/outage/secrets/s-" + i).statusCode())
                        .as("acknowledged s-" + i)
                        .isEqualTo(200);
            }
            // the change feed reconnected: a write is announced again (a new user token validates at once)
            String token = server.send("POST", "/tokens/user", "{\"name\":\"after\",\"validFor\":\"1h\"}", null)
                    .body();
            assertThat(server.send("GET", "/who-am-i", null, token).body()).contains("\"name\":\"after\"");
        } finally {
            try {
                pg.close();
            } catch (Exception ignored) {
                // already stopped
            }
        }
    }
}
