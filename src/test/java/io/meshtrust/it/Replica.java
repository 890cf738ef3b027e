package io.meshtrust.it;

import io.meshtrust.store.postgres.PostgresTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One meshtrust process from the packaged jar on a PostgreSQL database, with a small HTTP client. */
record Replica(String name, ServerProcess process, int httpPort, int diagnosticsPort) implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Map<String, String> postgresEnv(PostgresTestServer.Database db) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUMA_STORE_TYPE", "postgres");
        env.put("KUMA_STORE_POSTGRES_HOST", db.host());
        env.put("KUMA_STORE_POSTGRES_PORT", Integer.toString(db.port()));
        env.put("KUMA_STORE_POSTGRES_USER", db.user());
        env.put("KUMA_STORE_POSTGRES_PASSWORD", db.password());
        env.put("KUMA_STORE_POSTGRES_DB_NAME", db.name());
        return env;
    }

    /** Starts a process and waits until it is ready. */
    static Replica start(String name, Map<String, String> env, Path workDir) {
        return start(name, env, workDir, ServerProcess.freePorts(3));
    }

    private static Replica start(String name, Map<String, String> env, Path workDir, int[] ports) {
        try {
            return startOnce(name, env, workDir, ports);
        } catch (AssertionError e) {
            // A port found free can be taken (e.g. as another process's outgoing port) before the server binds it.
            if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                throw e;
            }
            return startOnce(name, env, workDir, ServerProcess.freePorts(3));
        }
    }

    private static Replica startOnce(String name, Map<String, String> env, Path workDir, int[] ports) {
        var process = ServerProcess.builder()
                .name(name)
                .env(env)
                .env("KUMA_API_SERVER_HTTP_PORT", Integer.toString(ports[0]))
                .env("KUMA_API_SERVER_HTTPS_PORT", Integer.toString(ports[1]))
                .env("KUMA_DIAGNOSTICS_SERVER_PORT", Integer.toString(ports[2]))
                .env("KUMA_GENERAL_WORK_DIR", workDir.resolve(name).toString())
                .start();
        try {
            process.awaitReady(ports[2], STARTUP);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
        return new Replica(name, process, ports[0], ports[2]);
    }

    /** Starts several processes at the same moment (as a Deployment's pods do) and waits for all. */
    static List<Replica> startTogether(String prefix, int count, Map<String, String> env, Path workDir) {
        // Ports for all replicas in one call: separate concurrent calls could be handed the same just-freed port.
        int[] all = ServerProcess.freePorts(3 * count);
        List<CompletableFuture<Replica>> starting = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = prefix + "-" + i;
            int[] ports = Arrays.copyOfRange(all, 3 * (i - 1), 3 * i);
            starting.add(CompletableFuture.supplyAsync(() -> start(name, env, workDir, ports)));
        }
        List<Replica> started = new ArrayList<>();
        Throwable failure = null;
        for (var s : starting) {
            try {
                started.add(s.join());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            started.forEach(Replica::close);
            throw new AssertionError("a replica did not start", failure);
        }
        return started;
    }

    HttpResponse<String> send(String method, String path, String body, String token) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    /** The HTTP status of {@code GET <diagnostics>/<path>}, or -1 when the port does not answer. */
    int diagnostics(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + diagnosticsPort + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
